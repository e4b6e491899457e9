import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { AuditAction, Role } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase } from '@poscalls4u/server-database';

import { AuditService } from '../../../platform/audit';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { OneTimeTokensService } from '../../stores/credentials/one-time-tokens.service';
import { OAuthRepository } from '../../stores/oauth/oauth.repository';
import { UserRecord } from '../../stores/users/users.repository';
import { UsersService } from '../../stores/users/users.service';
import { LockoutService } from '../lockout/lockout.service';
import { MfaService } from '../mfa/mfa.service';
import { IssuedSession, SessionsService } from '../sessions/sessions.service';
import { FacebookClient } from './facebook.client';
import { GoogleClient } from './google.client';
import {
  OAUTH_CONSOLES,
  OAuthChecks,
  OAuthConsole,
  OAuthFlowError,
  OAuthProfile,
  OAuthProviderClient,
  OAuthProviderName,
} from './oauth-provider';

/** How long a browser has to come back from the provider. */
export const OAUTH_STATE_SECONDS = 600;
/** How long the console has to exchange the one-time code. */
const OAUTH_CODE_SECONDS = 60;

interface StateClaims {
  typ: 'oauth_state';
  provider: OAuthProviderName;
  console: OAuthConsole;
  state: string;
  nonce: string;
  cv: string;
}

type Resolution = { user: UserRecord } | { refused: string; message: string; userId?: string };

const CODE_INVALID = 'The sign-in code is invalid or has expired. Sign in again.';
const UNAVAILABLE = 'This account cannot sign in right now. Contact your administrator.';

/**
 * Social sign-in (Google, Facebook). The browser leaves with `state`, a PKCE verifier and a
 * nonce kept in a signed, HttpOnly cookie, so the callback only works in the browser that
 * started it. A provider identity is keyed on (provider, subject). It is linked to an existing
 * account only when the provider vouches for the email and the account's email is verified; a
 * new person gets a verified agent account; an email the provider does not vouch for is refused.
 * The callback never puts a token in a URL: it hands the console a one-time code (60 s) that
 * `exchange` turns into a session, under the same MFA and lockout rules as a password sign-in.
 */
@Injectable()
export class OAuthService {
  private readonly logger = new Logger(OAuthService.name);
  private readonly clients: Partial<Record<OAuthProviderName, OAuthProviderClient>> = {};

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDatabase() private readonly db: Database,
    private readonly repository: OAuthRepository,
    private readonly tokens: OneTimeTokensService,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly lockout: LockoutService,
    private readonly audit: AuditService,
  ) {
    const { google, facebook } = config.oauth;
    if (google) this.clients.google = new GoogleClient(google, config.publicUrl);
    if (facebook) this.clients.facebook = new FacebookClient(facebook, config.publicUrl);
  }

  isEnabled(provider: OAuthProviderName): boolean {
    return this.clients[provider] !== undefined;
  }

  /** The provider's authorization URL and the signed state to keep in the browser's cookie. */
  async start(
    provider: OAuthProviderName,
    console: OAuthConsole,
  ): Promise<{ location: string; stateCookie: string }> {
    const client = this.clientOf(provider);
    const checks: OAuthChecks = {
      state: randomValue(),
      nonce: randomValue(),
      codeVerifier: randomValue(),
    };
    let url: URL;
    try {
      url = await client.authorizationUrl(checks);
    } catch (error) {
      this.logger.error({ err: error, provider }, 'Could not start a social sign-in');
      throw AppException.serviceUnavailable(`${client.label} sign-in is unavailable right now.`);
    }
    const claims: StateClaims = {
      typ: 'oauth_state',
      provider,
      console,
      state: checks.state,
      nonce: checks.nonce,
      cv: checks.codeVerifier,
    };
    const stateCookie = await this.jwt.signAsync(claims, { expiresIn: OAUTH_STATE_SECONDS });
    return { location: url.toString(), stateCookie };
  }

  /**
   * Finishes the provider round trip and answers where to send the browser: the console's
   * callback page with a one-time code, or with an error sentence. It never throws for a
   * refusal, so the person always lands on a page that says what happened.
   */
  async callback(
    provider: OAuthProviderName,
    query: URLSearchParams,
    stateCookie: string | undefined,
    context: RequestContext,
  ): Promise<string> {
    const client = this.clientOf(provider);
    const bound = await this.readState(stateCookie, provider);
    const console = bound?.console ?? 'agent';
    const refuse = async (reason: string, message: string, userId?: string): Promise<string> => {
      await this.audit.record({
        action: AuditAction.SignInOAuth,
        outcome: 'failure',
        context,
        actorId: userId ?? null,
        targetUserId: userId ?? null,
        details: { provider, reason },
      });
      return this.consoleUrl(console, { error: message });
    };

    const state = query.get('state');
    if (!bound || !state || !sameSecret(state, bound.checks.state)) {
      return refuse(
        bound ? 'state_mismatch' : 'state_cookie_missing',
        'The sign-in could not be confirmed: it expired or was started in another browser. Try again.',
      );
    }
    const providerError = query.get('error');
    if (providerError) {
      return refuse(
        `provider_error:${providerError.slice(0, 50)}`,
        `The sign-in with ${client.label} did not finish.`,
      );
    }

    let profile: OAuthProfile;
    try {
      profile = await client.profile(query, bound.checks);
    } catch (error) {
      if (!(error instanceof OAuthFlowError)) throw error;
      this.logger.warn(
        { provider, reason: error.reason },
        'Social sign-in refused by the provider step',
      );
      return refuse(error.reason.slice(0, 200), error.userMessage);
    }

    const resolution = await this.resolveUser(provider, client.label, profile, context);
    if (!('user' in resolution)) {
      return refuse(resolution.refused, resolution.message, resolution.userId);
    }
    const { user } = resolution;
    if (!user.isActive || this.lockout.isLocked(user)) {
      return refuse(user.isActive ? 'locked' : 'deactivated', UNAVAILABLE, user.id);
    }
    const code = await this.tokens.issue(user.id, 'oauth_code', OAUTH_CODE_SECONDS, undefined, {
      data: { method: provider },
    });
    return this.consoleUrl(console, { code });
  }

  /**
   * Turns a one-time code into a session (single use, 60 s). An MFA user gets 401
   * `MFA_REQUIRED` with a challenge instead, completed by `POST auth/mfa/verify`.
   */
  async exchange(code: string, context: RequestContext): Promise<IssuedSession> {
    const used = await this.tokens.consume(code, ['oauth_code']);
    if (!used) throw AppException.unauthorized(CODE_INVALID);
    const method = methodOf(used.data);
    const user = await this.users.findById(used.userId);
    if (!method || !user || !user.isActive || this.lockout.isLocked(user)) {
      await this.audit.record({
        action: AuditAction.SignInOAuth,
        outcome: 'failure',
        context,
        actorId: user?.id ?? null,
        targetUserId: user?.id ?? null,
        details: { provider: method, reason: 'account_unavailable' },
      });
      throw AppException.unauthorized(CODE_INVALID);
    }
    if (user.mfaEnabledAt) throw await this.mfa.challengeException(user.id, method);
    await this.lockout.recordSuccess(user.id);
    const issued = await this.sessions.start(user, method, context);
    await this.audit.record({
      action: AuditAction.SignInOAuth,
      outcome: 'success',
      context,
      actorId: user.id,
      targetUserId: user.id,
      details: { provider: method, sessionId: issued.sessionId },
    });
    return issued;
  }

  private async resolveUser(
    provider: OAuthProviderName,
    label: string,
    profile: OAuthProfile,
    context: RequestContext,
  ): Promise<Resolution> {
    const identity = await this.repository.findIdentity(provider, profile.subject);
    if (identity) {
      const user = await this.users.findById(identity.userId);
      return user ? { user } : { refused: 'identity_without_user', message: UNAVAILABLE };
    }
    if (!profile.email) {
      return {
        refused: 'email_missing',
        message: `${label} did not share your email address. Allow it, or sign in with your email and password.`,
      };
    }
    if (!profile.emailVerified) {
      return {
        refused: 'provider_email_unverified',
        message: `${label} has not verified your email address. Verify it with ${label}, or sign in with your email and password.`,
      };
    }
    const existing = await this.users.findByEmail(profile.email);
    if (existing) {
      if (!existing.emailVerifiedAt) {
        return {
          refused: 'local_account_unverified',
          userId: existing.id,
          message: `An account with this email address exists but its email is not verified yet. Verify it and sign in with your password first; after that you can use ${label}.`,
        };
      }
      await this.repository.insertIdentity({
        userId: existing.id,
        provider,
        subject: profile.subject,
        email: profile.email,
      });
      this.logger.log({ userId: existing.id, provider }, 'Social identity linked');
      return { user: existing };
    }
    return this.createUser(provider, profile, profile.email, context);
  }

  private async createUser(
    provider: OAuthProviderName,
    profile: OAuthProfile,
    email: string,
    context: RequestContext,
  ): Promise<Resolution> {
    const name = (profile.name?.trim() || email.split('@')[0] || 'New user').slice(0, 100);
    const created = await this.db.transaction(async (tx) => {
      const user = await this.users.create(
        { email, name, passwordHash: null, role: Role.Agent, emailVerified: true },
        tx,
      );
      if (!user) return undefined;
      await this.repository.insertIdentity(
        { userId: user.id, provider, subject: profile.subject, email },
        tx,
      );
      await this.audit.record(
        {
          action: AuditAction.SignUp,
          outcome: 'success',
          context,
          actorId: user.id,
          targetUserId: user.id,
          details: { provider },
        },
        tx,
      );
      return user;
    });
    if (!created) {
      // The same email signed up at the same moment: the next attempt links or refuses properly.
      return {
        refused: 'email_taken_concurrently',
        message: 'The sign-in did not finish. Try again.',
      };
    }
    this.logger.log({ userId: created.id, provider }, 'User signed up with a social identity');
    return { user: created };
  }

  private clientOf(provider: OAuthProviderName): OAuthProviderClient {
    const client = this.clients[provider];
    if (!client) throw AppException.notFound();
    return client;
  }

  private async readState(
    cookie: string | undefined,
    provider: OAuthProviderName,
  ): Promise<{ console: OAuthConsole; checks: OAuthChecks } | undefined> {
    if (!cookie) return undefined;
    try {
      const claims = await this.jwt.verifyAsync<Partial<StateClaims>>(cookie);
      if (claims.typ !== 'oauth_state' || claims.provider !== provider) return undefined;
      if (!claims.console || !OAUTH_CONSOLES.includes(claims.console)) return undefined;
      if (!claims.state || !claims.nonce || !claims.cv) return undefined;
      return {
        console: claims.console,
        checks: { state: claims.state, nonce: claims.nonce, codeVerifier: claims.cv },
      };
    } catch {
      return undefined;
    }
  }

  private consoleUrl(console: OAuthConsole, params: Record<string, string>): string {
    const url = new URL(`${this.config.publicUrl}/${console}/auth/callback`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }
}

/** 32 random bytes, URL-safe: state, nonce and PKCE verifier (43 characters, as RFC 7636 asks). */
function randomValue(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function methodOf(data: unknown): OAuthProviderName | undefined {
  const method = (data as { method?: unknown } | null)?.method;
  return method === 'google' || method === 'facebook' ? method : undefined;
}
