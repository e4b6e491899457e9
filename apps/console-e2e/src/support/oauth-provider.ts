import { generateKeyPairSync } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

/** Who signs in through the loopback "Google" in the browser tests. */
export const GOOGLE_USER = {
  sub: 'google-e2e-gina',
  email: 'gina.google@poscalls4u.test',
  email_verified: true,
  name: 'Gina Google',
};

export const GOOGLE_CLIENT_ID = 'poscalls4u-console-e2e';
export const GOOGLE_CLIENT_SECRET = 'console-e2e-google-secret';

export interface LoopbackOAuthProvider {
  /** The issuer URL, without a trailing slash. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID Connect server on 127.0.0.1 (oauth2-mock-server) standing in for Google:
 * discovery, authorize (redirects back with code and state), token (checks PKCE, signs the ID
 * token with the nonce) and userinfo, always for `GOOGLE_USER`.
 */
export async function startOAuthProvider(): Promise<LoopbackOAuthProvider> {
  const server = new OAuth2Server();
  // A plain JWK object: the server's own key generation checks prototypes across Jest realms.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await server.issuer.keys.add({
    ...privateKey.export({ format: 'jwk' }),
    alg: 'RS256',
    kid: 'poscalls4u-console-e2e-key',
  });
  await server.start(0, '127.0.0.1');
  server.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, GOOGLE_USER);
  });
  server.service.on('beforeUserinfo', (response: { body: Record<string, unknown> }) => {
    response.body = { ...GOOGLE_USER, id: GOOGLE_USER.sub };
  });
  return {
    url: (server.issuer.url ?? '').replace(/\/$/, ''),
    stop: () => server.stop(),
  };
}
