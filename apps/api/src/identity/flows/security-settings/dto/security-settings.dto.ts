import { IsBoolean } from 'class-validator';

import { SecuritySettings } from '@poscalls4u/contracts';

export class SecuritySettingsDto implements SecuritySettings {
  /**
   * Supervisors and admins must enrol in MFA (TOTP) before they can use the API.
   * @example true
   */
  @IsBoolean()
  requireMfaForPrivileged!: boolean;
}
