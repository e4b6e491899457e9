import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { RefreshRequest, SessionResult, SessionView, SessionsEnded } from '@poscalls4u/contracts';

import { AuthResultDto } from '../../sign-in/dto/auth-result.dto';

export class RefreshDto implements RefreshRequest {
  /**
   * The refresh token from sign-in or the last refresh (API clients). The consoles send the
   * `__Host-poscalls4u-refresh` cookie with header `X-PosCalls-Client: console` instead.
   * @example "q4N1aFhYc2V4bXBsZS1yZWZyZXNoLXRva2VuLXZhbHVlLTAx"
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class SessionResultDto extends AuthResultDto implements SessionResult {
  /** @example "0d9f6b1e-3c2a-4f5e-8d7c-6b5a4f3e2d1c" */
  sessionId!: string;
  /**
   * Present for API clients only; rotate it: each refresh answers a new one and the old one
   * stops working (using it again ends the session).
   * @example "q4N1aFhYc2V4bXBsZS1yZWZyZXNoLXRva2VuLXZhbHVlLTAx"
   */
  @ApiPropertyOptional()
  refreshToken?: string;
}

export class SessionViewDto implements SessionView {
  /** @example "0d9f6b1e-3c2a-4f5e-8d7c-6b5a4f3e2d1c" */
  id!: string;
  @ApiProperty({ enum: ['password', 'mfa', 'google', 'facebook'], example: 'password' })
  method!: SessionView['method'];
  @ApiProperty({ type: String, nullable: true, example: 'Chrome on Windows' })
  device!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0',
  })
  userAgent!: string | null;
  /** @example "2026-11-25T08:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  lastUsedAt!: string;
  /** @example "2026-11-25T20:00:00.000Z" */
  expiresAt!: string;
  /** @example true */
  current!: boolean;
}

export class SessionsEndedDto implements SessionsEnded {
  /** How many sessions ended. @example 1 */
  ended!: number;
}
