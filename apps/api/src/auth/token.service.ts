import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { AccessTokenClaims, AuthUser } from './auth-user';

/** Issues access tokens: HS256, issuer and audience set, `typ: access`, short-lived. */
@Injectable()
export class TokenService {
  readonly accessTokenSeconds: number;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.accessTokenSeconds = durationToSeconds(config.auth.jwtExpiresIn);
  }

  issueAccessToken(user: Pick<AuthUser, 'id' | 'role'>): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    return this.jwt.signAsync(claims, { expiresIn: this.accessTokenSeconds });
  }
}

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `900s`, `15m`, `1h`, `7d` -> seconds (the format JWT_EXPIRES_IN is validated against). */
export function durationToSeconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}`);
  const [, amount, unit] = match as unknown as [string, string, keyof typeof UNIT_SECONDS];
  return Math.max(1, Math.floor(Number(amount) * UNIT_SECONDS[unit]));
}
