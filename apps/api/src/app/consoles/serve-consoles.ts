import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import compression from 'compression';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ConsoleSite {
  route: '/agent' | '/supervisor';
  title: string;
  folder: string;
}

function consoleSites(consolesDir: string): ConsoleSite[] {
  return [
    {
      route: '/agent',
      title: 'Agent console',
      folder: join(consolesDir, 'agent-console', 'browser'),
    },
    {
      route: '/supervisor',
      title: 'Supervisor console',
      folder: join(consolesDir, 'supervisor-console', 'browser'),
    },
  ];
}

/**
 * Serves the built Angular consoles from the API's own origin, so one process and one port run
 * the whole platform. Hashed assets are cached for a year; index.html never, so a new build is
 * picked up at once. Any other path below a console answers its index.html (client-side routes).
 * Text assets go out compressed (brotli when the browser takes it, else gzip): about a third of
 * their size, and each browser downloads a hashed file once.
 */
export function serveConsoles(app: INestApplication, consolesDir: string): ConsoleSite[] {
  const logger = new Logger('Consoles');
  const served: ConsoleSite[] = [];
  for (const site of consoleSites(consolesDir)) {
    const index = join(site.folder, 'index.html');
    if (!existsSync(index)) {
      logger.warn(
        `${site.title} is not built (${index} missing): run "npx nx build ${site.route.slice(1)}-console"`,
      );
      continue;
    }
    app.use(site.route, compression());
    app.use(
      site.route,
      express.static(site.folder, {
        index: false,
        setHeaders: (response, path) => {
          const hashed = /-[A-Z0-9]{8,}\.(js|css|woff2?)$/i.test(path);
          response.setHeader(
            'Cache-Control',
            hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
    app.use(site.route, (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      if (request.originalUrl === site.route) return response.redirect(301, `${site.route}/`);
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
    served.push(site);
  }
  return served;
}

/** A small page at `/` pointing to the consoles and the API docs. */
export function serveLandingPage(app: INestApplication, sites: ConsoleSite[]): void {
  const links = sites
    .map((site) => `<li><a href="${site.route}/">${site.title}</a></li>`)
    .concat(
      '<li><a href="/api-docs">API documentation (Swagger)</a></li>',
      '<li><a href="/health/ready">Health</a></li>',
    )
    .join('');
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PosCalls4U</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b2b2e}
h1{color:#00696f}a{color:#00696f}li{margin:.5rem 0;font-size:1.1rem}</style></head>
<body><h1>PosCalls4U</h1><p>The open-source contact center.</p><ul>${links}</ul></body></html>`;
  app.getHttpAdapter().get('/', (_request: Request, response: Response) => {
    response.type('html').send(page);
  });
}
