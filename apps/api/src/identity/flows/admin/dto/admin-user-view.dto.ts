import { ApiProperty } from '@nestjs/swagger';

import { AdminUserView } from '@poscalls4u/contracts';

import { UserViewDto } from '../../sign-in/dto/auth-result.dto';

export class AdminUserViewDto extends UserViewDto implements AdminUserView {
  /** Until when sign-in is refused after too many failures; null when not locked. */
  @ApiProperty({ type: String, nullable: true, example: null })
  lockedUntil!: string | null;

  /** Consecutive failed sign-ins since the last success. @example 0 */
  failedLoginCount!: number;

  /** Invited and not accepted yet: no password chosen, never signed in. @example false */
  invitationPending!: boolean;
}
