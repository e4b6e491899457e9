import { Inject, Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';

import { PASSWORD_MAX_LENGTH } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { AppException } from '../../../platform/http';

/** What the form recommends; only the configured minimum is enforced (NIST SP 800-63B). */
export const PASSWORD_RECOMMENDED_LENGTH = 15;

/**
 * The password rules of NIST SP 800-63B: a minimum and a maximum length, counted in characters
 * (any Unicode, spaces included), no composition rules, and no password from a list of common and
 * breached ones. The list is the frequency-sorted `passwords-common` dictionary of
 * `@zxcvbn-ts/language-common` (about 49,000 entries from leaked password sets), a runtime
 * dependency that is read offline, so the check needs no network.
 */
@Injectable()
export class PasswordPolicyService {
  private readonly common: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.common = new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  }

  /** Why a password is refused, or an empty list when it is fine. */
  problems(password: string, context: { email?: string } = {}): string[] {
    const length = [...password.normalize('NFC')].length;
    const min = this.config.auth.passwordMinLength;
    if (length < min) return [`The password must be at least ${min} characters long.`];
    if (length > PASSWORD_MAX_LENGTH)
      return [`The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`];
    if (this.isCommon(password))
      return [
        'This password is too common: it appears in lists of leaked passwords. Choose another, a passphrase of a few unrelated words works well.',
      ];
    const email = context.email?.trim().toLowerCase();
    if (
      email &&
      (password.toLowerCase() === email || password.toLowerCase() === email.split('@')[0])
    )
      return ['The password must not be your email address.'];
    return [];
  }

  /** Throws 400 VALIDATION_ERROR naming `field` when the password is refused. */
  assertAcceptable(password: string, field: string, context: { email?: string } = {}): void {
    const messages = this.problems(password, context);
    if (messages.length > 0) {
      throw AppException.validation('The password was refused.', [{ field, messages }]);
    }
  }

  private isCommon(password: string): boolean {
    const lower = password.toLowerCase();
    return this.common.has(lower) || this.common.has(lower.trim());
  }
}
