export type { AuthUser } from './auth-user';
export { Authenticated, CurrentUser, Public } from './auth.decorators';
export { TokenService } from './token.service';
