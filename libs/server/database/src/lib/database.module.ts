import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';

import { Database, DatabaseConnection, DatabaseOptions, connectDatabase } from './database';

/** Injection token of the Drizzle `Database`. */
export const DATABASE = Symbol('DATABASE');
/** Injection token of the `DatabaseConnection` (migrate, ping, close). */
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

export const InjectDatabase = (): ParameterDecorator => Inject(DATABASE);

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Connects to PostgreSQL (or starts PGlite), applies the migrations before anything else
 * runs, and closes the connection when the application shuts down.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions & { runMigrations?: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DATABASE_CONNECTION,
          useFactory: async (): Promise<DatabaseConnection> => {
            const connection = await connectDatabase(options);
            if (options.runMigrations ?? true) {
              await connection.migrate();
              new Logger('Database').log(
                `${connection.kind === 'pglite' ? `PGlite (${options.pgliteDir})` : 'PostgreSQL'} ready, migrations applied`,
              );
            }
            return connection;
          },
        },
        {
          provide: DATABASE,
          inject: [DATABASE_CONNECTION],
          useFactory: (connection: DatabaseConnection): Database => connection.db,
        },
        DatabaseLifecycle,
      ],
      exports: [DATABASE, DATABASE_CONNECTION],
    };
  }
}
