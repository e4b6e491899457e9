import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

import {
  MfaDisableRequest,
  MfaEnableRequest,
  MfaEnableResult,
  MfaRecoveryCodesRequest,
  MfaSetupResult,
  MfaVerifyRequest,
  PASSWORD_MAX_LENGTH,
} from '@poscalls4u/contracts';

// A 6-digit TOTP code or a recovery code (`xxxx-xxxx`), spaces allowed for readability.
const CODE_PATTERN = /^[\sA-Za-z0-9-]{6,20}$/;
const CODE_MESSAGE = 'code must be a 6-digit code or a recovery code';

export class MfaVerifyDto implements MfaVerifyRequest {
  /** The challenge token of the `MFA_REQUIRED` answer. */
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  challengeToken!: string;

  /** The current 6-digit code of the authenticator app, or an unused recovery code. @example "123456" */
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}

export class MfaSetupResultDto implements MfaSetupResult {
  /** Base32 secret, for typing into the authenticator app by hand. @example "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" */
  secret!: string;
  /** @example "otpauth://totp/PosCalls4U:john%40example.com?issuer=PosCalls4U&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30" */
  otpauthUrl!: string;
  /** PNG data URL of the QR code of `otpauthUrl`. @example "data:image/png;base64,iVBORw0KGgo..." */
  qrCodeDataUrl!: string;
}

export class MfaEnableDto implements MfaEnableRequest {
  /** The current 6-digit code shown by the authenticator app. @example "123456" */
  @IsString()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/, { message: 'code must be a 6-digit code' })
  code!: string;
}

export class MfaEnableResultDto implements MfaEnableResult {
  /** Ten single-use recovery codes, shown once: store them somewhere safe. @example ["k3m7-q2xa","..."] */
  recoveryCodes!: string[];
}

export class MfaDisableDto implements MfaDisableRequest {
  /** The current password. @example "poscalls4u-demo" */
  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  /** A current 6-digit code or an unused recovery code. @example "123456" */
  @IsString()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}

export class MfaRecoveryCodesDto implements MfaRecoveryCodesRequest {
  /** A current 6-digit code (recovery codes are not accepted here). @example "123456" */
  @IsString()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/, { message: 'code must be a 6-digit code' })
  code!: string;
}

export class MfaStatusDto {
  /** @example true */
  enabled!: boolean;
}
