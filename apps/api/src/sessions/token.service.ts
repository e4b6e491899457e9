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
}
