import { createHash, createHmac } from 'node:crypto';

import {
  OAuthChecks,
  OAuthFlowError,
  OAuthProfile,
  OAuthProviderClient,
  callbackUrlOf,
} from './oauth-provider';

export interface FacebookSettings {
  clientId: string;
  clientSecret: string;
  callbackUrl?: string;
  authorizationUrl: string;
  tokenUrl: string;
  profileUrl: string;
}

const TIMEOUT_MS = 10_000;

/**
 * Facebook Login as a plain OAuth 2.0 authorization code flow (`state`, and PKCE S256, which
 * Facebook accepts), with the three URLs from the configuration. The profile comes from the
 * Graph API's `/me` with `appsecret_proof`.
 */
export class FacebookClient implements OAuthProviderClient {
  readonly name = 'facebook' as const;
  readonly label = 'Facebook';
  private readonly redirectUri: string;

  constructor(
    private readonly settings: FacebookSettings,
    publicUrl: string,
  ) {
    this.redirectUri = callbackUrlOf('facebook', settings.callbackUrl, publicUrl);
  }

  authorizationUrl(checks: OAuthChecks): Promise<URL> {
    const url = new URL(this.settings.authorizationUrl);
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'email public_profile');
    url.searchParams.set('state', checks.state);
    url.searchParams.set('code_challenge', pkceChallenge(checks.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return Promise.resolve(url);
  }

  async profile(callbackQuery: URLSearchParams, checks: OAuthChecks): Promise<OAuthProfile> {
    const code = callbackQuery.get('code');
    // The caller has already compared `state` with the browser's cookie; checked again here.
    if (!code || callbackQuery.get('state') !== checks.state) {
      throw new OAuthFlowError('facebook_no_code', 'Facebook did not confirm the sign-in.');
    }
    const accessToken = await this.redeem(code, checks.codeVerifier);
    const url = new URL(this.settings.profileUrl);
    url.searchParams.set('fields', 'id,name,email');
    url.searchParams.set(
      'appsecret_proof',
      createHmac('sha256', this.settings.clientSecret).update(accessToken).digest('hex'),
    );
    const profile = await this.json(
      await this.fetch(url, { headers: { authorization: `Bearer ${accessToken}` } }),
      'facebook_profile',
    );
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

  private async redeem(code: string, codeVerifier: string): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      redirect_uri: this.redirectUri,
      code,
      code_verifier: codeVerifier,
    });
    const response = await this.fetch(new URL(this.settings.tokenUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    const token = stringOf((await this.json(response, 'facebook_token'))['access_token']);
    if (!token) throw new OAuthFlowError('facebook_token', 'Facebook did not confirm the sign-in.');
    return token;
  }

  private async fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new OAuthFlowError(
        `facebook_unreachable: ${(error as Error).message}`,
        'Facebook sign-in is unavailable right now. Try again later.',
      );
    }
  }

  private async json(response: Response, step: string): Promise<Record<string, unknown>> {
    const value: unknown = await response.json().catch(() => undefined);
    if (!response.ok || typeof value !== 'object' || value === null) {
      throw new OAuthFlowError(
        `${step}: HTTP ${response.status}`,
        'Facebook did not confirm the sign-in. Try again.',
      );
    }
    return value as Record<string, unknown>;
  }
}

function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}
