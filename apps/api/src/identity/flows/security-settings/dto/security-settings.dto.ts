import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

import {
  MfaRequirementImpact,
  Role,
  SecuritySettings,
  UserWithoutMfa,
} from '@poscalls4u/contracts';

export class SecuritySettingsDto implements SecuritySettings {
  /**
   * Supervisors and admins must enrol in MFA (TOTP) before they can use the API.
   * @example true
   */
  @IsBoolean()
  requireMfaForPrivileged!: boolean;
}

export class UserWithoutMfaDto implements UserWithoutMfa {
  /** @example "5b0e8c6a-3f0e-4d7e-9a51-0c2f4e8b7a10" */
  id!: string;
  /** @example "Sam Rivera" */
  name!: string;
  /** @example "supervisor1@poscalls4u.test" */
  email!: string;
  @ApiProperty({ enum: Role, example: Role.Supervisor })
  role!: Role;
}

export class MfaRequirementImpactDto implements MfaRequirementImpact {
  /** The active supervisors and admins without two-factor authentication, by name. */
  @ApiProperty({ type: [UserWithoutMfaDto] })
  users!: UserWithoutMfaDto[];
  /** @example 1 */
  total!: number;
  /**
   * The calling admin has two-factor authentication on (required to switch the policy on).
   * @example true
   */
  callerHasMfa!: boolean;
}
