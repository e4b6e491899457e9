import { IsString, MaxLength, MinLength } from 'class-validator';

import { VerifyEmailRequest } from '@poscalls4u/contracts';

export class VerifyEmailDto implements VerifyEmailRequest {
  /**
   * The token of the link in the verification email (single use, 24 h).
   * @example "q7Xk0m2v1cH3Jt8yF5bN6wR9zL4sA0dE1gU2iO3pK5w"
   */
  @IsString()
  @MinLength(1, { message: 'token must not be empty' })
  @MaxLength(200)
  token!: string;
}
