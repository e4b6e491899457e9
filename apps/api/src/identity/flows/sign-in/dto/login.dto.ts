import { IsString, MaxLength, MinLength } from 'class-validator';

import { LoginRequest, PASSWORD_MAX_LENGTH } from '@poscalls4u/contracts';

import { UserEmail } from '../../user-fields';

export class LoginDto implements LoginRequest {
  /** @example "agent1@poscalls4u.test" */
  @UserEmail()
  email!: string;

  /** @example "poscalls4u-demo" */
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
