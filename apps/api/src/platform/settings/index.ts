export {
  DEFAULT_SHORT_ABANDON_SECONDS,
  ORGANIZATION_SETTINGS_KEY,
} from './organization-settings.defaults';
export { OrganizationSettingsDto } from './organization-settings.dto';
export { OrganizationSettingsModule } from './organization-settings.module';
export { OrganizationSettingsService } from './organization-settings.service';
export { SettingsRepository } from './settings.repository';
