import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { ListUsersQuery, MAX_PAGE_SIZE, ROLES, Role } from '@poscalls4u/contracts';

/** Query strings only carry text: `true`/`false` become booleans, anything else stays and fails. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class ListUsersQueryDto implements ListUsersQuery {
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

  /**
   * 1-based page number.
   * @example 1
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  /**
   * Items per page (default 25, at most 100).
   * @example 25
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
