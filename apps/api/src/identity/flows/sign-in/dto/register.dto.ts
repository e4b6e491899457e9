import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, ROLES, RegisterRequest, Role } from '@poscalls4u/contracts';

import { UserEmail, UserName } from '../../user-fields';

export class RegisterDto implements RegisterRequest {
  /**
   * Full name shown to colleagues.
   * @example "John Doe"
   */
  @UserName()
  name!: string;

  /**
   * Email address; it is also the sign-in name.
   * @example "john@example.com"
   */
  @UserEmail()
  email!: string;

  /**
   * At least 8 characters (15 or more recommended), at most 128; any characters, spaces included.
   * Common and leaked passwords are refused.
   * @example "correct horse battery staple"
   */
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH, {
    message: `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  })
  password!: string;

  /**
   * Accepted for compatibility with older clients: everyone signs up as `agent`
   * (the very first account of an empty system becomes `admin`). Asking for another role is refused with 403.
   * @example "agent"
   */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
