import { Role } from '@poscalls4u/contracts';

/** The signed-in user behind an active session, as the session check needs it. */
export interface ActivePrincipal {
  sessionId: string;
  lastUsedAt: Date;
  userId: string;
  email: string;
  name: string;
  role: Role;
  mfaEnabled: boolean;
  /** The rest of the user, so that `GET /api/auth/profile` needs no query of its own. */
  emailVerifiedAt: Date | null;
  avatarUrl: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/**
 * Where the session check finds active sessions. Declared here, at the bottom of identity, and
 * implemented by the sessions store (`identity.module.ts` wires it), so that access imports
 * nothing above it.
 */
export abstract class ActivePrincipals {
  /**
   * The user of an active session: the session exists, belongs to the user, is not revoked,
   * within its absolute lifetime and not idle since before `idleSince`; the user is active.
   */
  abstract findActivePrincipal(
    sessionId: string,
    userId: string,
    idleSince: Date,
  ): Promise<ActivePrincipal | undefined>;

  /** Records that the session was used just now. */
  abstract touch(sessionId: string): Promise<void>;

  /**
   * A value that changes whenever the set of revoked sessions changes (a revocation committed,
   * however it was made and whether or not anyone announced it): the session cache compares it
   * to know it may have missed one.
   */
  abstract revocationFingerprint(): Promise<string>;
}
