import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { SessionsService } from '../sessions/sessions.service';
import { hasForeignKeyHeader } from '../sessions/token.service';
import { AccessTokenClaims, AuthUser } from './auth-user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the bearer access token; the algorithm, issuer and audience are pinned. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key provider rather than a plain key, to refuse tokens whose header asks to fetch or
      // embed a key (jku, jwk, x5u, x5c): the key is ours and only ours.
      secretOrKeyProvider: (
        _request: unknown,
        rawToken: string,
        done: (error: Error | null, key?: string) => void,
      ) => {
        if (hasForeignKeyHeader(rawToken)) done(new Error('Foreign key reference in token header'));
        else done(null, config.auth.jwtSecret);
      },
      algorithms: ['HS256'],
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      ignoreExpiration: false,
    });
  }

  /**
   * Runs after the signature and claims check: the token must be an access token whose session
   * is still active for an active user. The role comes from the database, never from the token.
   */
  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string')
      return false;
    if (!UUID.test(claims.sid) || !UUID.test(claims.sub)) return false;
    return (await this.sessions.authenticate(claims.sid, claims.sub)) ?? false;
  }
}
