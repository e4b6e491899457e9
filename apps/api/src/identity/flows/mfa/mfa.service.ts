import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

import {
  AuditAction,
  ErrorCode,
  MfaChallenge,
  MfaEnableResult,
  MfaSetupResult,
} from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { SecretBox } from '@poscalls4u/server-crypto';

import { AuditService } from '../../../platform/audit';
import { AppException } from '../../../platform/http';
import { RequestContext } from '../../../platform/http';
import { AuthUser } from '../../access/auth-user';
import { SessionCheck } from '../../access/session-check';
import { PasswordService } from '../../stores/credentials/password.service';
import {
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
} from '../../stores/mfa/mfa-crypto';
import { MfaRepository, MfaState } from '../../stores/mfa/mfa.repository';
import { UsersService } from '../../stores/users/users.service';
import { LockoutService } from '../lockout/lockout.service';
import { IssuedSession, SessionsService } from '../sessions/sessions.service';

/** How the first factor was proven; a completed challenge opens a session of the matching method. */
export type MfaChallengeMethod = 'password' | 'google' | 'facebook';

interface MfaChallengeClaims {
  sub: string;
  typ: 'mfa_challenge';
  method: MfaChallengeMethod;
}

const ISSUER = 'PosCalls4U';
const CHALLENGE_SECONDS = 300;
const PERIOD_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const WRONG_CODE = 'The code is not valid.';
const CHALLENGE_METHODS: readonly MfaChallengeMethod[] = ['password', 'google', 'facebook'];

/**
 * Two-factor authentication with TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step of clock skew)
 * and ten single-use recovery codes. The secret is encrypted at rest; an accepted time step is
 * remembered so the same code never works twice. Sign-ins of MFA users stop at a short-lived
 * challenge token that `verify` completes.
 */
@Injectable()
export class MfaService {
  private readonly cipher: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: MfaRepository,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly sessionCheck: SessionCheck,
    private readonly lockout: LockoutService,
    private readonly audit: AuditService,
  ) {
    // TOTP secrets are encrypted at rest, the user id as authenticated data.
    this.cipher = new SecretBox(config.auth.mfaEncryptionKey);
  }

  /**
   * The challenge an MFA user gets instead of a session after the first factor: a JWT with
   * `typ: mfa_challenge` (the access token check requires `typ: access`, and `verify` requires
   * this one, so neither stands in for the other), valid five minutes.
   */
  async createChallenge(userId: string, method: MfaChallengeMethod): Promise<MfaChallenge> {
    const claims: MfaChallengeClaims = { sub: userId, typ: 'mfa_challenge', method };
    const challengeToken = await this.jwt.signAsync(claims, { expiresIn: CHALLENGE_SECONDS });
    return { challengeToken, expiresIn: CHALLENGE_SECONDS };
  }

  /** 401 `MFA_REQUIRED` carrying a fresh challenge, for the sign-in paths to throw. */
  async challengeException(userId: string, method: MfaChallengeMethod): Promise<AppException> {
    const challenge = await this.createChallenge(userId, method);
    return new AppException(
      ErrorCode.MfaRequired,
      'Enter the code from your authenticator app.',
      HttpStatus.UNAUTHORIZED,
      undefined,
      challenge,
    );
  }

  async setup(caller: AuthUser): Promise<MfaSetupResult> {
    const state = await this.stateOf(caller.id);
    if (state.enabledAt) {
      throw AppException.conflict('Two-factor authentication is already on. Turn it off first.');
    }
    const secret = new Secret({ size: 20 }).base32;
    if (
      !(await this.repository.setPendingSecret(caller.id, this.cipher.encrypt(secret, caller.id)))
    ) {
      throw AppException.conflict('Two-factor authentication is already on. Turn it off first.');
    }
    const otpauthUrl = totpOf(secret, state.email).toString();
    const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M' });
    return { secret, otpauthUrl, qrCodeDataUrl };
  }

  async enable(caller: AuthUser, code: string, context: RequestContext): Promise<MfaEnableResult> {
    const state = await this.stateOf(caller.id);
    if (state.enabledAt) throw AppException.conflict('Two-factor authentication is already on.');
    const secret = state.secretEncrypted
      ? this.cipher.decrypt(state.secretEncrypted, caller.id)
      : undefined;
    if (!state.secretEncrypted || !secret) {
      throw AppException.conflict('Start the set-up first: it gives the secret to scan.');
    }
    const step = matchingStep(secret, state.email, code);
    if (step === undefined) throw wrongCodeValidation();
    const codes = newRecoveryCodes();
    const enabled = await this.repository.enable(
      caller.id,
      state.secretEncrypted,
      step,
      codes.map(hashRecoveryCode),
    );
    if (!enabled) throw AppException.conflict('The set-up changed meanwhile. Start again.');
    // Cached principals carry `mfaEnabled`: every instance reloads them.
    await this.sessionCheck.forgetUser(caller.id);
    await this.audit.record({
      action: AuditAction.MfaEnabled,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: caller.id,
    });
    return { recoveryCodes: codes };
  }

  async disable(
    caller: AuthUser,
    input: { password: string; code: string },
    context: RequestContext,
  ): Promise<void> {
    const state = await this.enabledState(caller.id);
    const user = await this.users.findById(caller.id);
    if (!user || this.lockout.isLocked(user)) throw this.refusedChange();
    const credentials = await this.users.findCredentials(user.email);
    const passwordMatches =
      credentials?.id === caller.id && credentials.passwordHash
        ? await this.passwords.verify(input.password, credentials.passwordHash)
        : await this.passwords.verifyAgainstDummy(input.password);
    const codeMatches = passwordMatches && (await this.checkCode(caller.id, state, input.code));
    if (!passwordMatches || !codeMatches) {
      await this.lockout.recordFailure(caller.id, context);
      await this.audit.record({
        action: AuditAction.MfaDisabled,
        outcome: 'failure',
        context,
        actorId: caller.id,
        targetUserId: caller.id,
        details: { reason: passwordMatches ? 'wrong_code' : 'wrong_password' },
      });
      throw this.refusedChange();
    }
    await this.lockout.recordSuccess(caller.id);
    await this.repository.disable(caller.id);
    await this.sessionCheck.forgetUser(caller.id);
    await this.audit.record({
      action: AuditAction.MfaDisabled,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: caller.id,
    });
  }

  async regenerateRecoveryCodes(
    caller: AuthUser,
    code: string,
    context: RequestContext,
  ): Promise<MfaEnableResult> {
    const state = await this.enabledState(caller.id);
    const user = await this.users.findById(caller.id);
    if (!user || this.lockout.isLocked(user)) throw wrongCodeValidation();
    // Only a TOTP code: a recovery code must not mint ten fresh ones.
    if (!(await this.checkTotp(caller.id, state, code))) {
      await this.lockout.recordFailure(caller.id, context);
      throw wrongCodeValidation();
    }
    await this.lockout.recordSuccess(caller.id);
    const codes = newRecoveryCodes();
    await this.repository.replaceCodes(caller.id, codes.map(hashRecoveryCode));
    await this.audit.record({
      action: AuditAction.MfaRecoveryCodesRegenerated,
      outcome: 'success',
      context,
      actorId: caller.id,
      targetUserId: caller.id,
    });
    return { recoveryCodes: codes };
  }

  /**
   * Completes a sign-in: a valid challenge and a TOTP code (or an unused recovery code) open the
   * session. A wrong code counts toward the lockout; a locked account, an unknown user and a
   * wrong code all get the same answer.
   */
  async verify(
    challengeToken: string,
    code: string,
    context: RequestContext,
  ): Promise<IssuedSession> {
    const claims = await this.readChallenge(challengeToken);
    if (!claims) throw AppException.unauthorized('The sign-in took too long. Sign in again.');
    const user = await this.users.findById(claims.sub);
    const state = user?.isActive ? await this.repository.findState(claims.sub) : undefined;
    const fail = async (reason: string): Promise<never> => {
      await this.audit.record({
        action: AuditAction.SignInMfa,
        outcome: 'failure',
        context,
        actorId: user?.id ?? null,
        targetUserId: user?.id ?? null,
        details: { reason, method: claims.method },
      });
      throw AppException.unauthorized(WRONG_CODE);
    };
    if (!user || !state?.enabledAt) return fail('mfa_not_enabled');
    if (this.lockout.isLocked(user)) return fail('locked');
    const kind = await this.checkCode(user.id, state, code);
    if (!kind) {
      await this.lockout.recordFailure(user.id, context);
      return fail('wrong_code');
    }
    await this.lockout.recordSuccess(user.id);
    const issued = await this.sessions.start(
      user,
      claims.method === 'password' ? 'mfa' : claims.method,
      context,
    );
    await this.audit.record({
      action: AuditAction.SignInMfa,
      outcome: 'success',
      context,
      actorId: user.id,
      targetUserId: user.id,
      details: { method: claims.method, factor: kind, sessionId: issued.sessionId },
    });
    return issued;
  }

  private async readChallenge(token: string): Promise<MfaChallengeClaims | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<MfaChallengeClaims>>(token);
      if (claims.typ !== 'mfa_challenge' || typeof claims.sub !== 'string') return undefined;
      if (!claims.method || !CHALLENGE_METHODS.includes(claims.method)) return undefined;
      return { sub: claims.sub, typ: claims.typ, method: claims.method };
    } catch {
      return undefined;
    }
  }

  /** Which factor the code is, or undefined when it is neither a fresh TOTP code nor an unused recovery code. */
  private async checkCode(
    userId: string,
    state: MfaState,
    code: string,
  ): Promise<'totp' | 'recovery_code' | undefined> {
    const compact = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(compact)) {
      return (await this.checkTotp(userId, state, compact)) ? 'totp' : undefined;
    }
    if (!/^[a-z2-7]{8}$/.test(normalizeRecoveryCode(code))) return undefined;
    return (await this.repository.useRecoveryCode(userId, hashRecoveryCode(code)))
      ? 'recovery_code'
      : undefined;
  }

  private async checkTotp(userId: string, state: MfaState, code: string): Promise<boolean> {
    const secret = state.secretEncrypted
      ? this.cipher.decrypt(state.secretEncrypted, userId)
      : undefined;
    if (!secret) return false;
    const step = matchingStep(secret, state.email, code);
    if (step === undefined) return false;
    if (state.lastUsedStep !== null && step <= state.lastUsedStep) return false;
    return this.repository.claimStep(userId, step);
  }

  private async stateOf(userId: string): Promise<MfaState> {
    const state = await this.repository.findState(userId);
    if (!state) throw AppException.unauthorized();
    return state;
  }

  private async enabledState(userId: string): Promise<MfaState> {
    const state = await this.stateOf(userId);
    if (!state.enabledAt) throw AppException.conflict('Two-factor authentication is not on.');
    return state;
  }

  private refusedChange(): AppException {
    return AppException.validation('The password or the code is not valid.', [
      { field: 'code', messages: ['password or code is not valid'] },
    ]);
  }
}

function totpOf(secret: string, email: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
  });
}

/** The time step a code belongs to (now, or one step either side), or undefined. */
function matchingStep(secret: string, email: string, code: string): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const now = Date.now();
  const delta = totpOf(secret, email).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return [...codes];
}

function wrongCodeValidation(): AppException {
  return AppException.validation(WRONG_CODE, [{ field: 'code', messages: [WRONG_CODE] }]);
}
