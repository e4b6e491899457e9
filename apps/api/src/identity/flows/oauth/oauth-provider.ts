/** The social sign-in providers. */
export type OAuthProviderName = 'google' | 'facebook';

/** The console a social sign-in started from, and returns to. */
export type OAuthConsole = 'agent' | 'supervisor';
export const OAUTH_CONSOLES: readonly OAuthConsole[] = ['agent', 'supervisor'];

/** The one-use values of an authorization request, bound to the browser that started it. */
export interface OAuthChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in. */
export interface OAuthProfile {
  subject: string;
  email: string | null;
  /** True only when the provider vouches that the person controls `email`. */
  emailVerified: boolean;
  name: string | null;
}

/** Why a provider round trip did not give a profile (shown to the person as a sentence). */
export class OAuthFlowError extends Error {
  constructor(
    readonly reason: string,
    readonly userMessage: string,
  ) {
    super(userMessage);
  }
}

/** One provider's authorization code flow. */
export interface OAuthProviderClient {
  readonly name: OAuthProviderName;
  readonly label: string;
  authorizationUrl(checks: OAuthChecks): Promise<URL>;
  /** Redeems the callback's code (checking state, PKCE and, for OIDC, the nonce) for the profile. */
  profile(callbackQuery: URLSearchParams, checks: OAuthChecks): Promise<OAuthProfile>;
}

/** `GOOGLE_CALLBACK_URL` / `FACEBOOK_CALLBACK_URL`, else the API's route under CLIENT_URL. */
export function callbackUrlOf(
  provider: OAuthProviderName,
  configured: string | undefined,
  publicUrl: string,
): string {
  return configured ?? `${publicUrl}/api/auth/${provider}/callback`;
}

/** Plain HTTP is allowed only to a provider on this machine (the tests' loopback server). */
export function isLoopbackHttp(url: URL): boolean {
  return (
    url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname)
  );
}
