import { SetMetadata } from '@nestjs/common';

export const ALLOW_WITHOUT_MFA_METADATA = 'poscalls4u:allow-without-mfa';

/**
 * Keeps a route open to a supervisor or admin who has not set up two-factor authentication
 * while the organisation requires it (profile, sign-out, sessions, MFA set-up): everything
 * else answers 403 until they do.
 */
export function AllowWithoutMfa() {
  return SetMetadata(ALLOW_WITHOUT_MFA_METADATA, true);
}
