export { DemoUsersModule } from './flows/demo/demo-users.module';
export { DemoUsers } from './flows/demo/demo-users.service';
export { IdentityModule } from './identity.module';
