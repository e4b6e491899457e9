import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

import { InviteUserRequest, ROLES, Role } from '@poscalls4u/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class InviteUserDto implements InviteUserRequest {
  /**
   * Full name shown to colleagues.
   * @example "Sam Rivera"
   */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  /**
   * Where the invitation goes; it becomes the sign-in name.
   * @example "sam.rivera@example.com"
   */
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  /** @example "supervisor" */
  @IsIn(ROLES)
  role!: Role;
}
