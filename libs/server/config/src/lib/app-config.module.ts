import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';

import { AppConfig } from './app-config';

/** Injection token of the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes the already validated configuration available everywhere: as `@Inject(APP_CONFIG)`
 * and through @nestjs/config's `ConfigService<AppConfig, true>`. The configuration is
 * validated before the application is created (see `loadAppConfig`), so a bad variable
 * stops start-up with one line before any module starts.
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => config],
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG, ConfigModule],
    };
  }
}

export type TypedConfigService = ConfigService<AppConfig, true>;
