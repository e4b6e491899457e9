import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { ListUsersQuery, ROLES, Role } from '@poscalls4u/contracts';

import { PageQueryDto, toBoolean } from '../../../../platform/http';

export class ListUsersQueryDto extends PageQueryDto implements ListUsersQuery {
  /**
   * Text found in the name or the email, ignoring case.
   * @example "rivera"
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(100)
  search?: string;

  /** @example "supervisor" */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /**
   * `true` for active accounts only, `false` for deactivated ones only.
   * @example true
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
