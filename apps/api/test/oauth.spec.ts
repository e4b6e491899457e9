import { Client } from 'pg';

import { TestOAuthProvider } from './support/oauth-provider';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { totpCode } from './support/totp';

const CLIENT_URL = 'http://localhost:4200';
const DEMO_PASSWORD = 'poscalls4u-demo';

/** A browser's cookie jar for one host, enough for the API's OAuth cookie. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  clear(): void {
    this.cookies.clear();
  }
}

function locationOf(response: Response): URL {
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string);
}

describe.each(DATABASES)('sign-in with Google and Facebook on %s', (kind) => {
  const provider = new TestOAuthProvider();
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let counter = 0;

  beforeAll(async () => {
    await provider.start();
    api = await startTestApi(kind, {
      DEMO_SEED: 'true',
      CLIENT_URL,
      GOOGLE_CLIENT_ID: 'poscalls4u-google',
      GOOGLE_CLIENT_SECRET: 'google-secret',
      GOOGLE_ISSUER_URL: provider.url,
      FACEBOOK_CLIENT_ID: 'poscalls4u-facebook',
      FACEBOOK_CLIENT_SECRET: 'facebook-secret',
      FACEBOOK_AUTHORIZATION_URL: `${provider.url}/authorize`,
      FACEBOOK_TOKEN_URL: `${provider.url}/token`,
      FACEBOOK_PROFILE_URL: `${provider.url}/userinfo`,
    });
    // The provider sends the browser to CLIENT_URL/api/auth/<provider>/callback; the test
    // follows that path on the API directly (in production CLIENT_URL serves the API).
    call = apiClient(api.baseUrl);
  });
  afterAll(async () => {
    await api.close();
    await provider.stop();
  });

  const onApi = (url: URL) => `${api.baseUrl}${url.pathname}${url.search}`;
  const uniqueEmail = (label: string) => `${label}-${Date.now()}-${++counter}@example.com`;

  /**
   * Runs the browser side: start at the API, through the provider's authorize endpoint, back
   * to the API's callback, and answers where the API sent the browser in the end.
   */
  async function signInWith(
    name: 'google' | 'facebook',
    options: { browser?: Browser; tamper?: (callback: URL) => void; console?: string } = {},
  ) {
    const browser = options.browser ?? new Browser();
    const start = await browser.get(
      `${api.baseUrl}/api/auth/${name}?console=${options.console ?? 'agent'}`,
    );
    const authorize = locationOf(start);
    const back = locationOf(await fetch(authorize, { redirect: 'manual' }));
    expect(back.origin).toBe(CLIENT_URL);
    expect(back.pathname).toBe(`/api/auth/${name}/callback`);
    options.tamper?.(back);
    const final = locationOf(await browser.get(onApi(back)));
    return { start, authorize, final, browser };
  }

  async function exchange(code: string, headers: Record<string, string> = {}) {
    return call('POST', '/api/auth/oauth/exchange', { body: { code }, headers });
  }

  async function databaseRows(sql: string, params: unknown[]) {
    const client = new Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  it('signs a new person in with Google: PKCE S256, state and nonce, a one-time code, a session', async () => {
    const email = uniqueEmail('google-new');
    provider.user = { sub: `google-${counter}`, email, email_verified: true, name: 'Gina Google' };
    const { start, authorize, final } = await signInWith('google');

    const cookie = start.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/poscalls4u-oauth=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(authorize.origin).toBe(provider.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${CLIENT_URL}/api/auth/google/callback`,
    );
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    // The provider received the PKCE verifier with the code.
    expect(provider.tokenRequests.at(-1)?.['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(final.origin + final.pathname).toBe(`${CLIENT_URL}/agent/auth/callback`);
    expect([...final.searchParams.keys()]).toEqual(['code']);
    const code = final.searchParams.get('code') as string;

    const signedIn = await exchange(code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user).toEqual(
      expect.objectContaining({ email, role: 'agent', emailVerified: true, name: 'Gina Google' }),
    );
    const sessions = await call('GET', '/api/auth/sessions', { token: signedIn.body.data.token });
    expect(sessions.status).toBe(200);
    expect(sessions.body.data.items[0].method).toBe('google');

    // Single use.
    const again = await exchange(code);
    expect(again.status).toBe(401);

    // The same Google subject signs in to the same account next time.
    const next = await signInWith('google');
    const second = await exchange(next.final.searchParams.get('code') as string);
    expect(second.body.data.user.id).toBe(signedIn.body.data.user.id);
  });

  it('returns to the console that started, with consoles the cookie', async () => {
    provider.user = { sub: `sup-${++counter}`, email: uniqueEmail('sup'), email_verified: true };
    const { final } = await signInWith('google', { console: 'supervisor' });
    expect(final.pathname).toBe('/supervisor/auth/callback');
    const signedIn = await exchange(final.searchParams.get('code') as string, {
      'x-poscalls-client': 'console',
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.refreshToken).toBeUndefined();
    expect(signedIn.headers.get('set-cookie')).toMatch(/^__Host-poscalls4u-refresh=/);
  });

  it('refuses a callback whose state does not match the browser, or without its cookie', async () => {
    provider.user = {
      sub: `state-${++counter}`,
      email: uniqueEmail('state'),
      email_verified: true,
    };
    const tampered = await signInWith('google', {
      tamper: (callback) => callback.searchParams.set('state', 'forged-state-value'),
    });
    expect(tampered.final.pathname).toBe('/agent/auth/callback');
    expect(tampered.final.searchParams.get('code')).toBeNull();
    expect(tampered.final.searchParams.get('error')).toMatch(/another browser/);

    const cookieless = new Browser();
    const dropped = await signInWith('facebook', {
      browser: cookieless,
      tamper: () => cookieless.clear(),
    });
    expect(dropped.final.searchParams.get('code')).toBeNull();
    expect(dropped.final.searchParams.get('error')).toMatch(/another browser/);

    // A cookie from another browser's start does not fit this browser's callback either.
    const victim = new Browser();
    const attacker = new Browser();
    await attacker.get(`${api.baseUrl}/api/auth/google`);
    const victimStart = locationOf(await victim.get(`${api.baseUrl}/api/auth/google`));
    const back = locationOf(await fetch(victimStart, { redirect: 'manual' }));
    const crossed = locationOf(await attacker.get(onApi(back)));
    expect(crossed.searchParams.get('error')).toMatch(/another browser/);
    // A cookie minted for Google does not serve the Facebook callback.
    const googleBrowser = new Browser();
    const googleStart = locationOf(await googleBrowser.get(`${api.baseUrl}/api/auth/google`));
    const googleBack = locationOf(await fetch(googleStart, { redirect: 'manual' }));
    const wrongProvider = locationOf(
      await googleBrowser.get(`${api.baseUrl}/api/auth/facebook/callback${googleBack.search}`),
    );
    expect(wrongProvider.searchParams.get('error')).toMatch(/another browser/);
  });

  it('refuses a Google ID token that does not carry the nonce of this sign-in', async () => {
    provider.user = {
      sub: `nonce-${++counter}`,
      email: uniqueEmail('nonce'),
      email_verified: true,
    };
    provider.forgedNonce = 'nonce-of-another-sign-in';
    try {
      const { final } = await signInWith('google');
      expect(final.searchParams.get('code')).toBeNull();
      expect(final.searchParams.get('error')).toMatch(/Google did not confirm/);
    } finally {
      provider.forgedNonce = undefined;
    }
  });

  it('links to an existing account only when both emails are verified', async () => {
    // A verified local account (demo agent) and a verified provider email: linked.
    provider.user = {
      sub: `link-${++counter}`,
      email: 'Agent1@poscalls4u.test',
      email_verified: true,
    };
    const linked = await signInWith('google');
    const session = await exchange(linked.final.searchParams.get('code') as string);
    expect(session.status).toBe(200);
    expect(session.body.data.user.email).toBe('agent1@poscalls4u.test');
    expect(session.body.data.user.role).toBe('agent');

    // A provider that does not vouch for the email: refused, nothing linked or created.
    provider.user = {
      sub: `nolink-${++counter}`,
      email: 'agent2@poscalls4u.test',
      email_verified: false,
    };
    const unverified = await signInWith('google');
    expect(unverified.final.searchParams.get('code')).toBeNull();
    expect(unverified.final.searchParams.get('error')).toMatch(/not verified your email/);
    provider.user.email_verified = true; // the same subject later, verified: now it links
    const later = await signInWith('google');
    const laterSession = await exchange(later.final.searchParams.get('code') as string);
    expect(laterSession.body.data.user.email).toBe('agent2@poscalls4u.test');

    // An unverified provider email that matches no account creates nothing either.
    const stranger = uniqueEmail('stranger');
    provider.user = { sub: `stranger-${++counter}`, email: stranger, email_verified: false };
    const refused = await signInWith('facebook');
    expect(refused.final.searchParams.get('error')).toMatch(/not verified your email/);
    const admin = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: DEMO_PASSWORD },
    });
    const search = await call('GET', `/api/users?search=${encodeURIComponent(stranger)}`, {
      token: admin.body.data.token,
    });
    expect(search.status).toBe(200);
    expect(search.body.data.total).toBe(0);
  });

  it('does not link to a local account whose email is not verified', async () => {
    const email = uniqueEmail('pending');
    const registered = await call('POST', '/api/auth/register', {
      body: { name: 'Pending Person', email, password: 'pending-password-1' },
    });
    expect(registered.status).toBeLessThan(300);
    provider.user = { sub: `pending-${++counter}`, email, email_verified: true };
    const { final } = await signInWith('google');
    expect(final.searchParams.get('code')).toBeNull();
    expect(final.searchParams.get('error')).toMatch(/sign in with your password first/);
    if (kind === 'postgres') {
      const identities = await databaseRows('select * from oauth_identities where subject = $1', [
        provider.user.sub,
      ]);
      expect(identities).toHaveLength(0);
    }
  });

  it('signs in with Facebook (state and PKCE over plain OAuth 2)', async () => {
    const email = uniqueEmail('facebook');
    provider.user = { sub: `fb-${++counter}`, email, email_verified: true, name: 'Fiona Facebook' };
    const { authorize, final } = await signInWith('facebook');
    expect(authorize.searchParams.get('client_id')).toBe('poscalls4u-facebook');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    const signedIn = await exchange(final.searchParams.get('code') as string);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user.email).toBe(email);
    const sessions = await call('GET', '/api/auth/sessions', { token: signedIn.body.data.token });
    expect(sessions.body.data.items[0].method).toBe('facebook');
  });

  it('puts MFA users through the challenge and refuses deactivated accounts', async () => {
    // agent5 turns MFA on, then signs in with Google.
    const login = await call('POST', '/api/auth/login', {
      body: { email: 'agent5@poscalls4u.test', password: DEMO_PASSWORD },
    });
    const token = login.body.data.token as string;
    const setup = await call('POST', '/api/auth/mfa/setup', { token });
    const secret = setup.body.data.secret as string;
    expect(
      (await call('POST', '/api/auth/mfa/enable', { token, body: { code: totpCode(secret) } }))
        .status,
    ).toBe(200);

    provider.user = {
      sub: `mfa-${++counter}`,
      email: 'agent5@poscalls4u.test',
      email_verified: true,
    };
    const { final } = await signInWith('google');
    const challenged = await exchange(final.searchParams.get('code') as string);
    expect(challenged.status).toBe(401);
    expect(challenged.body.error.code).toBe('MFA_REQUIRED');
    const verified = await call('POST', '/api/auth/mfa/verify', {
      body: { challengeToken: challenged.body.error.mfa.challengeToken, code: totpCode(secret, 1) },
    });
    expect(verified.status).toBe(200);
    const sessions = await call('GET', '/api/auth/sessions', { token: verified.body.data.token });
    expect(sessions.body.data.items.find((s: { current: boolean }) => s.current).method).toBe(
      'google',
    );

    // An admin deactivates agent6; its Google sign-in is refused at the callback.
    provider.user = {
      sub: `off-${++counter}`,
      email: 'agent6@poscalls4u.test',
      email_verified: true,
    };
    const before = await signInWith('google');
    expect(before.final.searchParams.get('code')).toBeTruthy();
    const admin = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: DEMO_PASSWORD },
    });
    const adminToken = admin.body.data.token as string;
    const found = await call('GET', '/api/users?search=agent6%40', { token: adminToken });
    const agent6 = found.body.data.items[0];
    const deactivated = await call('PATCH', `/api/users/${agent6.id}`, {
      token: adminToken,
      body: { role: 'agent', isActive: false },
    });
    expect(deactivated.status).toBe(200);
    // A code issued before the deactivation no longer opens a session.
    expect((await exchange(before.final.searchParams.get('code') as string)).status).toBe(401);
    const after = await signInWith('google');
    expect(after.final.searchParams.get('code')).toBeNull();
    expect(after.final.searchParams.get('error')).toMatch(/cannot sign in/);
  });

  if (kind === 'postgres') {
    it('stores the code hashed, for 60 s, and refuses it once expired', async () => {
      provider.user = { sub: `exp-${++counter}`, email: uniqueEmail('exp'), email_verified: true };
      const { final } = await signInWith('google');
      const code = final.searchParams.get('code') as string;
      const [row] = await databaseRows(
        `select token_hash, data, extract(epoch from expires_at - created_at) as ttl
           from one_time_tokens where purpose = 'oauth_code' order by created_at desc limit 1`,
        [],
      );
      expect(row.token_hash).not.toBe(code);
      expect(row.data).toEqual({ method: 'google' });
      expect(Math.round(Number(row.ttl))).toBe(60);
      await databaseRows(
        `update one_time_tokens set expires_at = now() - interval '1 second' where token_hash = $1`,
        [row.token_hash],
      );
      expect((await exchange(code)).status).toBe(401);
    });
  }
});

describe('social sign-in without provider keys', () => {
  it('answers 404 for a provider without keys', async () => {
    const bare = await startTestApi('pglite');
    try {
      const response = await fetch(`${bare.baseUrl}/api/auth/google`, { redirect: 'manual' });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      const callback = await fetch(`${bare.baseUrl}/api/auth/facebook/callback?code=x&state=y`, {
        redirect: 'manual',
      });
      expect(callback.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
