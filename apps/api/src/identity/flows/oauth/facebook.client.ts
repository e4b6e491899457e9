import { createHmac } from 'node:crypto';
import * as oidc from 'openid-client';

import {
  OAuthChecks,
  OAuthFlowError,
  OAuthProfile,
  OAuthProviderClient,
  callbackUrlOf,
  isLoopbackHttp,
} from './oauth-provider';

export interface FacebookSettings {
  clientId: string;
  clientSecret: string;
  callbackUrl?: string;
  authorizationUrl: string;
  tokenUrl: string;
  profileUrl: string;
}

/**
 * Facebook Login as a plain OAuth 2.0 authorization code flow through openid-client (`state`, and
 * PKCE S256, which Facebook accepts), with the three URLs from the configuration: Facebook has no
 * OpenID discovery for this flow, so the library gets its endpoints as metadata. The profile comes
 * from the Graph API's `/me` with `appsecret_proof`.
 */
export class FacebookClient implements OAuthProviderClient {
  readonly name = 'facebook' as const;
  readonly label = 'Facebook';
  private readonly redirectUri: string;
  private readonly config: oidc.Configuration;

  constructor(
    private readonly settings: FacebookSettings,
    publicUrl: string,
  ) {
    this.redirectUri = callbackUrlOf('facebook', settings.callbackUrl, publicUrl);
    const authorizationEndpoint = new URL(settings.authorizationUrl);
    this.config = new oidc.Configuration(
      {
        issuer: authorizationEndpoint.origin,
        authorization_endpoint: settings.authorizationUrl,
        token_endpoint: settings.tokenUrl,
      },
      settings.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      oidc.ClientSecretPost(settings.clientSecret),
    );
    this.config.timeout = 10;
    if (isLoopbackHttp(authorizationEndpoint) && isLoopbackHttp(new URL(settings.tokenUrl))) {
      oidc.allowInsecureRequests(this.config);
    }
  }

  async authorizationUrl(checks: OAuthChecks): Promise<URL> {
    return oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'email public_profile',
      state: checks.state,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  async profile(callbackQuery: URLSearchParams, checks: OAuthChecks): Promise<OAuthProfile> {
    // The current URL is rebuilt from the configured callback, never from the request's Host.
    const currentUrl = new URL(this.redirectUri);
    currentUrl.search = callbackQuery.toString();
    let profile: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(this.config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        idTokenExpected: false,
      });
      const url = new URL(this.settings.profileUrl);
      url.searchParams.set('fields', 'id,name,email');
      url.searchParams.set(
        'appsecret_proof',
        createHmac('sha256', this.settings.clientSecret).update(tokens.access_token).digest('hex'),
      );
      const response = await oidc.fetchProtectedResource(
        this.config,
        tokens.access_token,
        url,
        'GET',
      );
      const value: unknown = await response.json().catch(() => undefined);
      if (!response.ok || typeof value !== 'object' || value === null) {
        throw new Error(`profile: HTTP ${response.status}`);
      }
      profile = value as Record<string, unknown>;
    } catch (error) {
      throw new OAuthFlowError(
        `facebook_token: ${(error as Error).message}`,
        'Facebook did not confirm the sign-in. Try again.',
      );
    }
    const subject = stringOf(profile['id']) ?? stringOf(profile['sub']);
    if (!subject)
      throw new OAuthFlowError('facebook_no_subject', 'Facebook did not say who signed in.');
    const email = stringOf(profile['email']);
    // The Graph API returns a person's confirmed primary address and has no verification flag;
    // an endpoint that does say (`email_verified`, as OIDC userinfo does) is taken at its word.
    const verified = profile['email_verified'];
    return {
      subject,
      email,
      emailVerified: email !== null && (verified === undefined || verified === true),
      name: stringOf(profile['name']),
    };
  }
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}
