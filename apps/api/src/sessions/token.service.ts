import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { APP_CONFIG, AppConfig, durationToSeconds } from '@poscalls4u/server-config';

import { AccessTokenClaims } from '../auth/auth-user';

/**
 * Issues access tokens: HS256, issuer and audience set, `typ: access` (so no other kind of token
 * can stand in for one), the session id in `sid`, short-lived.
 */
@Injectable()
export class TokenService {
  readonly accessTokenSeconds: number;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.accessTokenSeconds = durationToSeconds(config.auth.jwtExpiresIn);
  }

  issueAccessToken(
    user: Pick<AccessTokenClaims, 'role'> & { id: string },
    sessionId: string,
  ): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      sid: sessionId,
      role: user.role,
      typ: 'access',
    };
    return this.jwt.signAsync(claims, { expiresIn: this.accessTokenSeconds });
  }

  /**
   * Verifies an access token outside HTTP (the Socket.IO handshake): pinned algorithm, issuer,
   * audience, expiry, no foreign key reference in the header, `typ: access` with a session.
   * Answers the claims with the expiry, or undefined for any bad token.
   */
  async verifyAccessToken(
    token: string,
  ): Promise<(AccessTokenClaims & { exp: number }) | undefined> {
    if (hasForeignKeyHeader(token)) return undefined;
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims> & { exp?: number }>(
        token,
      );
      if (
        claims.typ !== 'access' ||
        typeof claims.sub !== 'string' ||
        typeof claims.sid !== 'string'
      )
        return undefined;
      if (typeof claims.exp !== 'number' || !claims.role) return undefined;
      return {
        sub: claims.sub,
        sid: claims.sid,
        role: claims.role,
        typ: 'access',
        exp: claims.exp,
      };
    } catch {
      return undefined;
    }
  }
}

/** True when a token's header asks to fetch or embed a key (jku, jwk, x5u, x5c), or is unreadable. */
export function hasForeignKeyHeader(rawToken: string): boolean {
  try {
    const header = JSON.parse(
      Buffer.from(rawToken.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    return ['jku', 'jwk', 'x5u', 'x5c'].some((name) => name in header);
  } catch {
    return true;
  }
}
