import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { APP_CONFIG, AppConfig, durationToSeconds } from '@poscalls4u/server-config';

import { AccessTokenClaims } from './auth-user';
import { WallboardTokenClaims } from './wallboard-credentials';

type VerifiedClaims = AccessTokenClaims & { exp: number };

/** How long a wallboard token lasts: the page exchanges its link's secret again before then. */
export const WALLBOARD_TOKEN_SECONDS = 15 * 60;

/** Tokens already verified, kept until they expire: a bounded map, oldest dropped first. */
const VERIFIED_CACHE_SIZE = 20_000;

/**
 * Issues access tokens: HS256, issuer and audience set, `typ: access` (so no other kind of token
 * can stand in for one), the session id in `sid`, short-lived.
 */
@Injectable()
export class TokenService {
  readonly accessTokenSeconds: number;
  /**
   * A token's validity is a function of its exact bytes, the key and the clock: once its
   * signature and claims have checked out, the same string needs only its expiry checked again.
   * This keeps the HMAC and JSON work off every request; the session check still runs each time.
   */
  private readonly verified = new Map<string, VerifiedClaims>();

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

  /** A wallboard's read-only credential (`wallboard-credentials.ts`). */
  issueWallboardToken(linkId: string): Promise<string> {
    const claims: WallboardTokenClaims = { sub: linkId, typ: 'wallboard' };
    return this.jwt.signAsync(claims, { expiresIn: WALLBOARD_TOKEN_SECONDS });
  }

  /**
   * Verifies a wallboard token: the same checks as an access token's, with `typ: wallboard`.
   * Answers the link's id and the expiry, or undefined for any other token.
   */
  async verifyWallboardToken(token: string): Promise<{ linkId: string; exp: number } | undefined> {
    if (hasForeignKeyHeader(token)) return undefined;
    try {
      const claims = await this.jwt.verifyAsync<Partial<WallboardTokenClaims> & { exp?: number }>(
        token,
      );
      if (claims.typ !== 'wallboard' || typeof claims.sub !== 'string') return undefined;
      if (typeof claims.exp !== 'number') return undefined;
      return { linkId: claims.sub, exp: claims.exp };
    } catch {
      return undefined;
    }
  }

  /**
   * Verifies an access token (HTTP bearer and the Socket.IO handshake): pinned algorithm, issuer,
   * audience, expiry, no foreign key reference in the header, `typ: access` with a session.
   * Answers the claims with the expiry, or undefined for any bad token.
   */
  async verifyAccessToken(token: string): Promise<VerifiedClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
      return undefined;
    }
    const claims = await this.verifyOnce(token);
    if (claims) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async verifyOnce(token: string): Promise<VerifiedClaims | undefined> {
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
function hasForeignKeyHeader(rawToken: string): boolean {
  try {
    const header = JSON.parse(
      Buffer.from(rawToken.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    return ['jku', 'jwk', 'x5u', 'x5c'].some((name) => name in header);
  } catch {
    return true;
  }
}
