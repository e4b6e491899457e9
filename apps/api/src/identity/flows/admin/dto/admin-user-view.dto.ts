import { ApiProperty } from '@nestjs/swagger';

import { AdminUserView, Page } from '@poscalls4u/contracts';

import { UserViewDto } from '../../sign-in/dto/auth-result.dto';

export class AdminUserViewDto extends UserViewDto implements AdminUserView {
  /** Until when sign-in is refused after too many failures; null when not locked. */
  @ApiProperty({ type: String, nullable: true, example: null })
  lockedUntil!: string | null;

  /** Consecutive failed sign-ins since the last success. @example 0 */
  failedLoginCount!: number;
}

export class AdminUserPageDto implements Page<AdminUserView> {
  items!: AdminUserViewDto[];
  /** Users matching the filters, on all pages. @example 13 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 25 */
  pageSize!: number;
}
