import { transformFileSync } from '@swc/core';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * The library runs unchanged in a real browser: Debian's Chromium loads its modules (types stripped
 * by swc, nothing bundled) and the noble packages straight from node_modules through an import map,
 * then runs a room exchange, a tampered message and a key backup at the production Argon2id
 * parameters. The page is served on http://localhost (a secure context), so WebCrypto is there.
 */
const CHROME_PATH = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
const ORIGIN = 'http://localhost:9';
const source = resolve(__dirname, '..');
const nodeModules = resolve(__dirname, '../../../../../node_modules');

function libraryModules(dir: string): Map<string, string> {
  const modules = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    if (!entry.isFile() || !file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
    if (relative(source, file).startsWith('testing')) continue;
    const { code } = transformFileSync(file, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    });
    const esm = code.replace(/(from\s+['"])(\.{1,2}\/[^'"]+)(['"])/g, '$1$2.js$3');
    modules.set('/lib/' + relative(source, file).replace(/\.ts$/, '.js'), esm);
  }
  return modules;
}

const PAGE = `<!doctype html><script type="importmap">${JSON.stringify({
  imports: Object.fromEntries(
    ['curves', 'ciphers', 'hashes'].map((p) => [`@noble/${p}/`, `/noble/${p}/`]),
  ),
})}</script>`;

/**
 * Runs in the page: the scenario of the protocol tests, with the browser's own crypto. A string,
 * because Jest compiles this file to CommonJS and the page must see a real dynamic `import()`.
 */
const SCENARIO = `(async () => {
  const e2ee = await import('/lib/index.js');
  const alice = e2ee.createIdentity();
  const bob = e2ee.createIdentity();
  const aliceDevice = e2ee.createDevice(alice, 'alice');
  const bobDevice = e2ee.createDevice(bob, 'bob');
  const aliceVerified = e2ee.verifyDevice(aliceDevice, alice.publicKey, 'alice');
  const bobVerified = e2ee.verifyDevice(bobDevice, bob.publicKey, 'bob');
  const session = e2ee.OutboundSession.create('room', aliceDevice);
  const sealed = e2ee.sealSession(session.share(), bobVerified, aliceDevice);
  const inbound = new e2ee.InboundSessionStore();
  const header = { roomId: 'room', sessionId: session.sessionId };
  inbound.add(e2ee.openSealedSession(sealed, header, bobDevice, aliceVerified));
  const context = { senderDevice: aliceVerified, senderIsMember: true };
  const message = session.encrypt({ v: 1, type: 'text', text: 'hello from Chromium' }, aliceDevice);
  const read = await inbound.decrypt(message, context);
  const flipped = (message.signature.startsWith('A') ? 'B' : 'A') + message.signature.slice(1);
  let tampered = 'accepted';
  try {
    await inbound.decrypt({ ...message, signature: flipped }, context);
  } catch (error) {
    tampered = error.reason;
  }
  const payload = { v: 1, userId: 'bob', identity: bob, sessions: inbound.shares() };
  const started = performance.now();
  const { backup } = await e2ee.encryptBackup('correct horse battery staple', payload);
  const argon2Ms = performance.now() - started;
  const restored = await e2ee.decryptBackup('correct horse battery staple', backup, 'bob');
  return {
    text: read.plaintext.text,
    tampered,
    argon2Ms,
    kdf: backup.kdf,
    restoredSessions: restored.payload.sessions.length,
    subtle: typeof crypto.subtle?.verify === 'function',
  };
})()`;

interface ScenarioResult {
  text: string;
  tampered: string;
  argon2Ms: number;
  kdf: object;
  restoredSessions: number;
  subtle: boolean;
}

describe('the library in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROME_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('exchanges a message, refuses a tampered one and backs up with the production parameters', async () => {
    const modules = libraryModules(source);
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const library = modules.get(path);
      if (library) return route.fulfill({ contentType: 'text/javascript', body: library });
      const noble = /^\/noble\/(curves|ciphers|hashes)\/([\w./-]+\.js)$/.exec(path);
      if (noble) {
        const file = join(nodeModules, '@noble', noble[1] as string, noble[2] as string);
        return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') });
      }
      return route.fulfill({ status: 404, body: path });
    });
    await page.goto(`${ORIGIN}/`);
    const result = (await page.evaluate(SCENARIO)) as ScenarioResult;
    // Printed for docs/e2ee.md: what a browser spends on the passphrase.
    console.log(`Argon2id 64 MiB, t=3, p=1 in Chromium: ${Math.round(result.argon2Ms)} ms`);
    expect(result).toMatchObject({
      text: 'hello from Chromium',
      tampered: 'bad-signature',
      kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1 },
      restoredSessions: 1,
      subtle: true,
    });
    expect(result.argon2Ms).toBeLessThan(15_000);
  }, 90_000);
});
