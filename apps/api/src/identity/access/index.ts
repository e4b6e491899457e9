export type { AuthUser } from './auth-user';
export { Authenticated, CurrentUser, Public } from './auth.decorators';
export { PermissionGrants } from './permission-grants';
export { SessionCheck } from './session-check';
export { SessionTerminator } from './session-terminator';
export { TokenService } from './token.service';
export { UserDirectory } from './user-directory';
