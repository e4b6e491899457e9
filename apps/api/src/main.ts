import { join } from 'node:path';
import 'reflect-metadata';

import { ConfigValidationError, loadAppConfig } from '@poscalls4u/server-config';

import { createApp } from './app/create-app';
import { demoUsers } from './app/demo/demo-seed.service';
import { shutDownGracefully } from './app/graceful-shutdown';

/** Reads `.env` when there is one (a convenience for development; real deployments set the environment). */
function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch {
    // No .env file: the environment alone configures the platform.
  }
}

async function bootstrap(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp({ config, migrationsFolder: join(__dirname, 'migrations') });
  shutDownGracefully(app, config);
  await app.listen(config.http.port, config.http.host);

  const shownHost =
    config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
  const base = `http://${shownHost}:${config.http.port}`;
  const lines = [
    '',
    `  PosCalls4U is running on ${base}`,
    '',
    `  Agent console       ${base}/agent/`,
    `  Supervisor console  ${base}/supervisor/`,
    `  API docs (Swagger)  ${base}/api-docs`,
    `  Health              ${base}/health/ready`,
    `  Database            ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.database.pgliteDir}`}`,
    `  Jobs                ${config.redis.url ? 'BullMQ on Redis (run the worker: npm run worker)' : 'in-process (no REDIS_URL)'}`,
    `  Mail                ${config.mail.smtp ? 'SMTP' : `written to ${config.mail.outboxDir}`}`,
  ];
  if (config.demo.seed) {
    lines.push(
      '',
      `  Demo sign-ins (password: ${config.demo.password === 'poscalls4u-demo' ? 'poscalls4u-demo' : 'the DEMO_PASSWORD you set'})`,
    );
    for (const user of demoUsers(config.demo.adminEmail).slice(0, 4))
      lines.push(`    ${user.role.padEnd(11)} ${user.email}`);
    lines.push('    agent       agent2@poscalls4u.test ... agent10@poscalls4u.test');
  }
  console.log(lines.join('\n') + '\n');
}

bootstrap().catch((error: unknown) => {
  console.error('PosCalls4U failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
