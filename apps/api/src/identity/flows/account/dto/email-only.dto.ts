import { ForgotPasswordRequest, ResendVerificationRequest } from '@poscalls4u/contracts';

import { UserEmail } from '../../user-fields';

export class ResendVerificationDto implements ResendVerificationRequest {
  /** The address the account signed up with. @example "john@example.com" */
  @UserEmail()
  email!: string;
}

export class ForgotPasswordDto implements ForgotPasswordRequest {
  /** The address of the account. @example "john@example.com" */
  @UserEmail()
  email!: string;
}
