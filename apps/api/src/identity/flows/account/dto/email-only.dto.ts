import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

import { ForgotPasswordRequest, ResendVerificationRequest } from '@poscalls4u/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ResendVerificationDto implements ResendVerificationRequest {
  /** The address the account signed up with. @example "john@example.com" */
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class ForgotPasswordDto implements ForgotPasswordRequest {
  /** The address of the account. @example "john@example.com" */
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}
