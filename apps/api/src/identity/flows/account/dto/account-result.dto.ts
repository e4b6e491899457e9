import { AuthProvidersResult, MessageResult, RegisterResult } from '@poscalls4u/contracts';

export class MessageResultDto implements MessageResult, RegisterResult {
  /** What happened, for people. @example "Check your email to confirm your address." */
  message!: string;
}

export class AuthProvidersResultDto implements AuthProvidersResult {
  /** "Sign in with Google" is offered. @example false */
  google!: boolean;
  /** "Sign in with Facebook" is offered. @example false */
  facebook!: boolean;
  /** Shortest password accepted. @example 8 */
  passwordMinLength!: number;
  /** Length the forms recommend. @example 15 */
  passwordRecommendedLength!: number;
}
