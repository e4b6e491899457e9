export type { AuthUser } from './auth-user';
export {
  Authenticated,
  CurrentUser,
  CurrentWallboard,
  Public,
  WallboardAuthenticated,
} from './auth.decorators';
export { PermissionGrants } from './permission-grants';
export { SessionCheck } from './session-check';
export { SessionTerminator } from './session-terminator';
export { TokenService } from './token.service';
export { UserDirectory } from './user-directory';
export { WALLBOARD_TOKEN_SECONDS } from './token.service';
export type { WallboardPrincipal } from './wallboard-credentials';
export { WallboardLinks } from './wallboard-credentials';
