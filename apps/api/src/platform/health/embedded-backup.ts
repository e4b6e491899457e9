import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { APP_CONFIG, type AppConfig } from '@poscalls4u/server-config';
import { DATABASE_CONNECTION, DatabaseConnection } from '@poscalls4u/server-database';

/** Where `npm run db:backup` finds the running API, and where the API writes backups. */
const EMBEDDED_PID_FILE = 'api.pid';
const EMBEDDED_BACKUP_DIR = 'backups';

/**
 * Backups of the embedded database while the platform runs. PGlite belongs to this process (no
 * other process may open its folder), so `npm run db:backup` asks it: it sends SIGUSR2 to the
 * pid written in DATA_DIR/api.pid, and this service writes DATA_DIR/backups/pglite-<time>.tar.gz
 * (under a temporary name first, so a backup that is there is complete). Nothing on a server
 * database: use pg_dump there (docs/operations.md).
 */
@Injectable()
export class EmbeddedBackup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Backup');
  private readonly pidFile: string;
  private readonly onSignal = () => {
    this.backup().catch((error: unknown) =>
      this.logger.error({ err: error }, 'The backup of the embedded database failed'),
    );
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
  ) {
    this.pidFile = join(config.dataDir, EMBEDDED_PID_FILE);
  }

  onApplicationBootstrap(): void {
    if (!this.connection.dumpEmbedded) return;
    mkdirSync(this.config.dataDir, { recursive: true });
    writeFileSync(this.pidFile, `${process.pid}\n`);
    process.on('SIGUSR2', this.onSignal);
  }

  onApplicationShutdown(): void {
    if (!this.connection.dumpEmbedded) return;
    process.off('SIGUSR2', this.onSignal);
    rmSync(this.pidFile, { force: true });
  }

  /** Writes a backup and answers its path. */
  async backup(): Promise<string> {
    const dump = this.connection.dumpEmbedded;
    if (!dump) throw new Error('Only the embedded database is backed up this way');
    const started = Date.now();
    const dir = join(this.config.dataDir, EMBEDDED_BACKUP_DIR);
    mkdirSync(dir, { recursive: true });
    const name = `pglite-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    const bytes = Buffer.from(await (await dump()).arrayBuffer());
    writeFileSync(join(dir, `${name}.partial`), bytes);
    renameSync(join(dir, `${name}.partial`), join(dir, name));
    this.logger.log(
      { file: join(dir, name), bytes: bytes.length, ms: Date.now() - started },
      'Backup of the embedded database written',
    );
    return join(dir, name);
  }
}
