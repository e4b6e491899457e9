import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import 'reflect-metadata';

import { loadAppConfig } from '@poscalls4u/server-config';

import { createApp } from './app/create-app';
import { buildOpenApiDocument } from './app/openapi/swagger';

/**
 * `npm run openapi`: writes the OpenAPI document of the built API to `openapi.json` (or the path
 * given), from an app on a throw-away embedded database. CI regenerates it and fails on drift.
 */
async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? 'openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-openapi-'));
  try {
    const config = loadAppConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DEMO_SEED: 'false',
      SERVE_CONSOLES: 'false',
      LOG_LEVEL: 'error',
    });
    const app = await createApp({
      config,
      migrationsFolder: join(__dirname, 'migrations'),
      usePinoLogger: false,
    });
    const document = buildOpenApiDocument(app);
    await app.close();
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`OpenAPI document written to ${output}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('Could not write the OpenAPI document:', error);
  process.exit(1);
});
