import { IsBoolean, IsIn, IsOptional } from 'class-validator';

import { ROLES, Role, UpdateUserRequest } from '@poscalls4u/contracts';

/** Only the role and the active flag; any other field (email, password...) is refused with 400. */
export class UpdateUserDto implements UpdateUserRequest {
  /** @example "supervisor" */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /**
   * `false` deactivates the account and ends its sessions at once.
   * @example false
   */
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
