import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';
import { createVerifiedUser } from './support/users';

describe.each(DATABASES)('password policy on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let counter = 0;
  const freshEmail = () => `policy${Date.now()}-${++counter}@example.com`;

  beforeAll(async () => {
    api = await startTestApi(kind);
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  const register = (password: string) =>
    call('POST', '/api/auth/register', { body: { name: 'P', email: freshEmail(), password } });

  it('refuses 7 characters with a clear message', async () => {
    const response = await register('abcdefg');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    expect(response.body.error.details).toEqual([
      { field: 'password', messages: ['The password must be at least 8 characters long.'] },
    ]);
  });

  it('refuses a password from the top 10,000 common passwords', async () => {
    for (const password of ['password1', 'iloveyou', 'Baseball', 'sunshine1']) {
      const response = await register(password);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details[0].field).toBe('password');
      expect(response.body.error.details[0].messages[0]).toMatch(/too common/);
    }
  });

  it('accepts 100 Unicode characters with spaces and signs in with them', async () => {
    const password = 'Ünïcødé pässwörd ✓ 日本語 '.repeat(5).slice(0, 100);
    expect([...password].length).toBe(100);
    const email = freshEmail();
    await createVerifiedUser(api, { email, password });
    const login = await call('POST', '/api/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
  });

  it('refuses at sign-in a password equal to the stored one only in its first 72 bytes', async () => {
    const email = freshEmail();
    const stored = `${'x'.repeat(72)}-the-rest-matters`;
    await createVerifiedUser(api, { email, password: stored });
    const sameStart = `${'x'.repeat(72)}-something-else`;
    expect(Buffer.from(sameStart).subarray(0, 72)).toEqual(Buffer.from(stored).subarray(0, 72));
    expect(
      (await call('POST', '/api/auth/login', { body: { email, password: sameStart } })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/auth/login', { body: { email, password: stored } })).status,
    ).toBe(200);
  });

  it('allows no more than 128 characters', async () => {
    const response = await register('y'.repeat(129));
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('password');
  });

  it('publishes the length rules and the providers', async () => {
    const response = await call('GET', '/api/auth/providers');
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      google: false,
      facebook: false,
      passwordMinLength: 8,
      passwordRecommendedLength: 15,
    });
  });
});
