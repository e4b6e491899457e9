/**
 * A wallboard's read-only credential (docs/security.md, "Wallboard credential"). A wallboard link
 * carries a secret; the wallboard page exchanges it for a short-lived JWT with `typ: wallboard`
 * and the link's id in `sub`. The access-token check requires `typ: access`, so this token opens
 * no route but those marked `@WallboardAuthenticated()`, and the Socket.IO handshake puts its
 * connection in its teams' wallboard rooms only. Every use asks the link's owner (workforce,
 * through the `WallboardLinks` port) whether the link still stands: a revocation holds at once.
 */

/** The claims of a wallboard token. */
export interface WallboardTokenClaims {
  /** The wallboard link's id. */
  sub: string;
  typ: 'wallboard';
}

/** Who is calling a wallboard route: put on the request by the authentication guard. */
export interface WallboardPrincipal {
  linkId: string;
  /** The teams the link shows (those still active). */
  teamIds: string[];
}

/**
 * Port: is this wallboard link still in force, and over which teams? Declared here, implemented
 * by workforce (which owns the links) and found at run time, so that access imports nothing
 * above it.
 */
export abstract class WallboardLinks {
  /** The link's teams; undefined when it is unknown or revoked. */
  abstract activeTeams(linkId: string): Promise<string[] | undefined>;
}
