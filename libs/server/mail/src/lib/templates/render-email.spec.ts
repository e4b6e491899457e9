import { renderEmail } from './render-email';

describe('renderEmail', () => {
  describe('welcome', () => {
    const signInUrl = 'https://calls.example.test/agent/login?from=welcome&x=1';
    const email = renderEmail({ kind: 'welcome', name: 'Ana <b>"Bold"</b> & Co', signInUrl });

    it('has a subject', () => {
      expect(email.subject).toBe('Welcome to PosCalls4U');
    });

    it('escapes the name in the HTML part', () => {
      expect(email.html).toContain('Hello Ana &lt;b&gt;&quot;Bold&quot;&lt;/b&gt; &amp; Co,');
      expect(email.html).not.toContain('<b>"Bold"</b>');
    });

    it('links the sign-in button and shows the link as text in the HTML part', () => {
      const escapedUrl = 'https://calls.example.test/agent/login?from=welcome&amp;x=1';
      expect(email.html).toContain(`<a href="${escapedUrl}"`);
      expect(email.html).toContain('>Sign in</a>');
      expect(email.html).toContain(`>${escapedUrl}</a>`);
      expect(email.html).toContain('PosCalls4U');
    });

    it('has a plain-text part with the name as written and the link', () => {
      expect(email.text).toContain('Hello Ana <b>"Bold"</b> & Co,');
      expect(email.text).toContain(`Sign in: ${signInUrl}`);
      expect(email.text).toContain('Welcome to PosCalls4U');
      expect(email.text).not.toMatch(/<\/?(p|a|table|td)\b/);
    });
  });
});
