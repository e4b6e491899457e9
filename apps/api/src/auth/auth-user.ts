import { Role } from '@poscalls4u/contracts';

/** Who is calling: put on the request by the authentication guard. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The claims of an access token. `typ` keeps other kinds of token from standing in for it. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  typ: 'access';
}
