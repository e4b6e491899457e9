import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadAppConfig } from './app-config';
import { ConfigValidationError, validateEnvironment } from './environment';

/** Random-looking secrets, as `openssl rand -base64 48` gives. */
const JWT_SECRET = 'q8Vd1Lr7ZkP3xWm0Tn5Yb2Hc9Gf4Js6Ae';
const MFA_KEY = 'Nw4Rt8Yp2Ks6Df0Hj3Lz7Xc1Vb5Mn9Qg';

describe('environment validation', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'poscalls4u-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.JWT_EXPIRES_IN).toBe('15m');
    expect(env.BCRYPT_COST).toBe(12);
  });

  it('converts numbers and booleans', () => {
    const env = validateEnvironment({ PORT: '8080', DEMO_SEED: 'false', EMAIL_SECURE: 'true' });
    expect(env.PORT).toBe(8080);
    expect(env.DEMO_SEED).toBe(false);
    expect(env.EMAIL_SECURE).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET is required/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'production', JWT_SECRET }, /MFA_ENCRYPTION_KEY is required/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), MFA_ENCRYPTION_KEY: MFA_KEY },
      /JWT_SECRET is weak/,
    ],
    [
      { NODE_ENV: 'production', JWT_SECRET, MFA_ENCRYPTION_KEY: JWT_SECRET },
      /MFA_ENCRYPTION_KEY must differ from JWT_SECRET/,
    ],
    [
      { NODE_ENV: 'production', JWT_SECRET, MFA_ENCRYPTION_KEY: MFA_KEY, DEMO_SEED: 'true' },
      /DEMO_SEED=true in production needs a DEMO_PASSWORD/,
    ],
    [{ JWT_EXPIRES_IN: 'forever' }, /JWT_EXPIRES_IN/],
    [{ CLIENT_URL: 'not a url' }, /CLIENT_URL/],
    [{ SHED_EVENT_LOOP_DELAY: 'sometimes' }, /SHED_EVENT_LOOP_DELAY must be off or a duration/],
  ])('refuses %p, each problem on a line naming the variable', (raw, expected) => {
    expect(() => validateEnvironment(raw)).toThrow(ConfigValidationError);
    try {
      validateEnvironment(raw);
    } catch (error) {
      expect((error as Error).message).toMatch(expected);
      for (const line of (error as Error).message.split('\n'))
        expect(line).toMatch(/^Invalid configuration: [A-Z][A-Z_]+[ =]/);
    }
  });

  it('names every problem at once, one line each', () => {
    try {
      validateEnvironment({ NODE_ENV: 'production', PORT: 'eighty', JWT_SECRET: 'a'.repeat(32) });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^Invalid configuration: PORT/);
      expect(lines.join('\n')).toMatch(/JWT_SECRET is weak/);
      expect(lines.join('\n')).toMatch(/MFA_ENCRYPTION_KEY is required/);
    }
  });

  it('generates a development JWT secret once and keeps it under the data folder', () => {
    const first = loadAppConfig({ DATA_DIR: dataDir });
    const second = loadAppConfig({ DATA_DIR: dataDir });
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.auth.jwtSecret);
    expect(first.warnings.join(' ')).toMatch(/JWT_SECRET is not set/);
  });

  it('uses the given secret in production and seeds no demo data there', () => {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET,
      MFA_ENCRYPTION_KEY: MFA_KEY,
      DATA_DIR: dataDir,
    });
    expect(config.auth.jwtSecret).toBe(JWT_SECRET);
    expect(config.demo.seed).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('sheds on a late event loop in production by default, and only where asked otherwise', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET, MFA_ENCRYPTION_KEY: MFA_KEY };
    const shed = (env: Record<string, string>) =>
      loadAppConfig({ DATA_DIR: dataDir, ...env }).http.shedEventLoopDelayMs;
    expect(shed(production)).toBe(250);
    expect(shed({ ...production, SHED_EVENT_LOOP_DELAY: 'off' })).toBeUndefined();
    expect(shed({})).toBeUndefined();
    expect(shed({ SHED_EVENT_LOOP_DELAY: '1s' })).toBe(1000);
  });

  it('builds links from the first CLIENT_URL', () => {
    const config = loadAppConfig({
      CLIENT_URL: 'https://cc.example.com/, https://other.example.com',
      DATA_DIR: dataDir,
    });
    expect(config.publicUrl).toBe('https://cc.example.com');
    expect(config.clientUrls).toEqual(['https://cc.example.com', 'https://other.example.com']);
  });
});
