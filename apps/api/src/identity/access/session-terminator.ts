/**
 * Port: ends every session of a user (their tokens stop working at once, their sockets drop).
 * Declared here, implemented by identity's sessions flow and found at run time by the areas that
 * sign someone out on a supervisor's word (presence), so that access imports nothing above it.
 */
export abstract class SessionTerminator {
  /** Answers how many sessions ended; `reason` is stored with each revocation. */
  abstract endAllSessions(userId: string, reason: string): Promise<number>;
}
