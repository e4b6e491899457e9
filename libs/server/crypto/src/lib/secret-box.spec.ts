import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a key of at least thirty-two characters');

  it('decrypts what it encrypted for the same owner, with a fresh IV each time', () => {
    const stored = box.encrypt('JBSWY3DPEHPK3PXP', 'owner-1');
    expect(stored).toMatch(/^v1:/);
    expect(box.encrypt('JBSWY3DPEHPK3PXP', 'owner-1')).not.toBe(stored);
    expect(box.decrypt(stored, 'owner-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another owner, another key, and malformed values', () => {
    const stored = box.encrypt('secret', 'owner-1');
    expect(box.decrypt(stored, 'owner-2')).toBeUndefined();
    expect(new SecretBox('another key, also long enough to use').decrypt(stored, 'owner-1')).toBe(
      undefined,
    );
    expect(box.decrypt('v2:a:b:c', 'owner-1')).toBeUndefined();
    expect(box.decrypt('not a value', 'owner-1')).toBeUndefined();
  });
});
