import { Role, UserView } from '@poscalls4u/contracts';

/** Who is calling: put on the request by the authentication guard. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The session of the access token. */
  sessionId: string;
  mfaEnabled: boolean;
  /**
   * The user as `GET /api/auth/profile` shows them, read with the session (and cached with it for
   * a few seconds; changes through the API evict it at once).
   */
  profile?: UserView;
}

/** The claims of an access token. `typ` keeps other kinds of token from standing in for it. */
export interface AccessTokenClaims {
  sub: string;
  /** Session id: the session must still be active for the token to count. */
  sid: string;
  role: Role;
  typ: 'access';
}
