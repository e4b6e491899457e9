import { IsString, MaxLength, MinLength } from 'class-validator';

import { ChangePasswordRequest, PASSWORD_MAX_LENGTH } from '@poscalls4u/contracts';

export class ChangePasswordDto implements ChangePasswordRequest {
  /** The password in use now. @example "correct horse battery staple" */
  @IsString()
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  /**
   * The new password: at least 8 characters (15 or more recommended), at most 128, any
   * characters; common and leaked passwords are refused.
   * @example "purple elephants juggle quietly"
   */
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH, {
    message: `newPassword must be at most ${PASSWORD_MAX_LENGTH} characters`,
  })
  newPassword!: string;
}
