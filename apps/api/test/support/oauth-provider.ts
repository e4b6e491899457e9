import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OAuth2Server } from 'oauth2-mock-server';

/** The person the loopback provider says signs in next. */
export interface ProviderUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A real OAuth 2.0 / OpenID Connect server on 127.0.0.1 (oauth2-mock-server): discovery, the
 * authorize endpoint (redirects back with code and state, records PKCE and nonce), the token
 * endpoint (checks the PKCE verifier, signs ID tokens with the nonce) and userinfo. `user` is
 * who the next sign-in is; the authorize requests are kept to check what the API sent.
 */
export class TestOAuthProvider {
  readonly server = new OAuth2Server();
  user: ProviderUser = { sub: 'nobody' };
  /** When set, ID tokens carry this nonce instead of the one the client sent (a replayed token). */
  forgedNonce?: string;
  readonly authorizeRequests: URL[] = [];
  readonly tokenRequests: Record<string, string>[] = [];

  async start(): Promise<void> {
    // The key is made here and copied into a plain object: the server's own `generate` checks
    // the object's prototype, which fails across Jest's module realm.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await this.server.issuer.keys.add({
      ...privateKey.export({ format: 'jwk' }),
      alg: 'RS256',
      kid: 'poscalls4u-test-key',
    });
    await this.server.start(0, '127.0.0.1');
    this.server.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
      Object.assign(token.payload, this.claims());
      if (this.forgedNonce !== undefined && 'nonce' in token.payload) {
        token.payload['nonce'] = this.forgedNonce;
      }
    });
    this.server.service.on('beforeUserinfo', (response: { body: Record<string, unknown> }) => {
      response.body = { ...this.claims(), id: this.user.sub };
    });
    this.server.service.on(
      'beforeAuthorizeRedirect',
      (_redirect: unknown, request: IncomingMessage) => {
        this.authorizeRequests.push(new URL(request.url ?? '/', this.url));
      },
    );
    this.server.service.on(
      'beforeResponse',
      (_response: unknown, request: IncomingMessage & { body?: Record<string, string> }) => {
        if (request.body) this.tokenRequests.push(request.body);
      },
    );
  }

  /** The issuer URL (no trailing slash). */
  get url(): string {
    return (this.server.issuer.url ?? '').replace(/\/$/, '');
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private claims(): Record<string, unknown> {
    const { sub, email, email_verified, name } = this.user;
    return {
      sub,
      ...(email !== undefined ? { email } : {}),
      ...(email_verified !== undefined ? { email_verified } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }
}
