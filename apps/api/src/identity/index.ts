export { UsersAdminModule } from './flows/admin/users-admin.module';
export { MfaModule } from './flows/mfa/mfa.module';
export { OAuthModule } from './flows/oauth/oauth.module';
export { SettingsModule } from './flows/security-settings/settings.module';
export { AuthModule } from './identity.module';
export { PasswordService } from './stores/credentials/password.service';
export { StoresModule } from './stores/stores.module';
export { UsersService } from './stores/users/users.service';
