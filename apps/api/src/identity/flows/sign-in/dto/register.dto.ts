import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, ROLES, RegisterRequest, Role } from '@poscalls4u/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto implements RegisterRequest {
  /**
   * Full name shown to colleagues.
   * @example "John Doe"
   */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  /**
   * Email address; it is also the sign-in name.
   * @example "john@example.com"
   */
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
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
