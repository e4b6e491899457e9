import * as oidc from 'openid-client';

import {
  OAuthChecks,
  OAuthFlowError,
  OAuthProfile,
  OAuthProviderClient,
  callbackUrlOf,
  isLoopbackHttp,
} from './oauth-provider';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  callbackUrl?: string;
  issuerUrl: string;
}

/**
 * Google through OpenID Connect (openid-client): the provider's metadata comes from discovery at
 * `GOOGLE_ISSUER_URL`, and each sign-in is an authorization code flow with PKCE (S256), `state`
 * and `nonce`; the ID token's issuer, audience, expiry and nonce are checked by the library.
 */
export class GoogleClient implements OAuthProviderClient {
  readonly name = 'google' as const;
  readonly label = 'Google';
  private readonly redirectUri: string;
  private discovered?: Promise<oidc.Configuration>;

  constructor(
    private readonly settings: GoogleSettings,
    publicUrl: string,
  ) {
    this.redirectUri = callbackUrlOf('google', settings.callbackUrl, publicUrl);
  }

  async authorizationUrl(checks: OAuthChecks): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      prompt: 'select_account',
    });
  }

  async profile(callbackQuery: URLSearchParams, checks: OAuthChecks): Promise<OAuthProfile> {
    const config = await this.configuration();
    // The current URL is rebuilt from the configured callback, never from the request's Host.
    const currentUrl = new URL(this.redirectUri);
    currentUrl.search = callbackQuery.toString();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new OAuthFlowError(
        `google_token: ${(error as Error).message}`,
        'Google did not confirm the sign-in. Try again.',
      );
    }
    if (!claims || typeof claims.sub !== 'string' || claims.sub === '') {
      throw new OAuthFlowError('google_no_subject', 'Google did not say who signed in.');
    }
    const email = typeof claims['email'] === 'string' ? claims['email'] : null;
    const verified = claims['email_verified'];
    return {
      subject: claims.sub,
      email,
      emailVerified: verified === true || verified === 'true',
      name: typeof claims['name'] === 'string' ? claims['name'] : null,
    };
  }

  /** Discovery once per process; a failed attempt is retried by the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw new OAuthFlowError(
        `google_discovery: ${(error as Error).message}`,
        'Google sign-in is unavailable right now. Try again later.',
      );
    });
    return this.discovered;
  }

  private discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.settings.issuerUrl);
    return oidc.discovery(
      issuer,
      this.settings.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      oidc.ClientSecretPost(this.settings.clientSecret),
      {
        execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      },
    );
  }
}
