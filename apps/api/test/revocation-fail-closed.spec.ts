import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';

import { query } from './support/calls';
import { TestApi, apiClient, startTestApi } from './support/test-api';

const describeTwoInstances = process.env.DATABASE_URL ? describe : describe.skip;

/**
 * A revocation that no message announces (a publish that failed, a message lost while both ends
 * stayed up) still ends the session on every instance within the cache's check interval (500 ms),
 * instead of the 10 s a cached session used to live: the cache fails closed.
 */
describe.each([
  ['PostgreSQL LISTEN/NOTIFY', {}],
  ...(process.env.REDIS_URL
    ? [['Redis pub/sub', { REDIS_URL: process.env.REDIS_URL }] as const]
    : []),
] as [string, Record<string, string>][])(
  'an unannounced revocation through %s',
  (_channel, env) => {
    describeTwoInstances('two API instances sharing PostgreSQL (needs DATABASE_URL)', () => {
      let first: TestApi;
      let second: TestApi;
      const prefix = `revoke_${randomBytes(4).toString('hex')}`;

      beforeAll(async () => {
        first = await startTestApi('postgres', { ...env, QUEUE_PREFIX: prefix, DEMO_SEED: 'true' });
        second = await startTestApi(
          'postgres',
          { ...env, QUEUE_PREFIX: prefix },
          {
            shareDatabaseOf: first,
          },
        );
      });
      afterAll(async () => {
        await second?.close();
        await first?.close();
      });

      it('is honoured by the other instance within a second, without any message', async () => {
        const email = 'agent1@poscalls4u.test';
        const login = await apiClient(first.baseUrl)('POST', '/api/auth/login', {
          body: { email, password: 'poscalls4u-demo' },
        });
        const token = login.body.data.token as string;
        const callSecond = apiClient(second.baseUrl);
        // The second instance serves the session twice: the second answer comes from its cache.
        expect((await callSecond('GET', '/api/auth/profile', { token })).status).toBe(200);
        expect((await callSecond('GET', '/api/auth/profile', { token })).status).toBe(200);

        // Revoked straight in the database: no instance publishes anything.
        const revokedAt = Date.now();
        await query(
          first,
          sql`update sessions set revoked_at = now(), revoked_reason = 'test'
            where user_id = (select id from users where email = ${email})`,
        );
        let status = 200;
        while (status === 200 && Date.now() - revokedAt < 5_000) {
          status = (await callSecond('GET', '/api/auth/profile', { token })).status;
          if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(status).toBe(401);
        expect(Date.now() - revokedAt).toBeLessThan(1_500);
      });
    });
  },
);
