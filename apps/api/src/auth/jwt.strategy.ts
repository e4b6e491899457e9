import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { UsersService } from '../users/users.service';
import { AccessTokenClaims, AuthUser } from './auth-user';

/** Reads the bearer access token; the algorithm, issuer and audience are pinned. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      ignoreExpiration: false,
    });
  }

  /** Runs after the signature and claims check: the token must be an access token of an active user. */
  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const user = await this.users.findById(claims.sub);
    if (!user || !user.isActive) return false;
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}
