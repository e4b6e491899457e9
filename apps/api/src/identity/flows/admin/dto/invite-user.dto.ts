import { IsIn } from 'class-validator';

import { InviteUserRequest, ROLES, Role } from '@poscalls4u/contracts';

import { UserEmail, UserName } from '../../user-fields';

export class InviteUserDto implements InviteUserRequest {
  /**
   * Full name shown to colleagues.
   * @example "Sam Rivera"
   */
  @UserName()
  name!: string;

  /**
   * Where the invitation goes; it becomes the sign-in name.
   * @example "sam.rivera@example.com"
   */
  @UserEmail()
  email!: string;

  /** @example "supervisor" */
  @IsIn(ROLES)
  role!: Role;
}
