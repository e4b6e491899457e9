import { IsString, MaxLength, MinLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, ResetPasswordRequest } from '@poscalls4u/contracts';

export class ResetPasswordDto implements ResetPasswordRequest {
  /**
   * The token of a reset link (single use, 1 h) or of an invitation (single use, 7 days).
   * @example "q7Xk0m2v1cH3Jt8yF5bN6wR9zL4sA0dE1gU2iO3pK5w"
   */
  @IsString()
  @MinLength(1, { message: 'token must not be empty' })
  @MaxLength(200)
  token!: string;

  /**
   * The new password: at least 8 characters (15 or more recommended), at most 128, any
   * characters; common and leaked passwords are refused.
   * @example "correct horse battery staple"
   */
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH, {
    message: `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  })
  password!: string;
}
