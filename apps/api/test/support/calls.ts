import { sql } from 'drizzle-orm';

import { DATABASE, Database } from '@poscalls4u/server-database';

import { TestApi, apiClient } from './test-api';

export const DEMO_PASSWORD = 'poscalls4u-demo';

export type Call = ReturnType<typeof apiClient>;

/** Signs in demo users by the part of their email before the `@`. */
export async function signInAll(
  call: Call,
  names: string[],
): Promise<{ tokens: Record<string, string>; ids: Record<string, string> }> {
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const name of names) {
    const response = await call('POST', '/api/auth/login', {
      body: { email: `${name}@poscalls4u.test`, password: DEMO_PASSWORD },
    });
    if (response.status !== 200) {
      throw new Error(
        `Sign-in of ${name} failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    tokens[name] = response.body.data.token;
    ids[name] = response.body.data.user.id;
  }
  return { tokens, ids };
}

/** Creates a team as `token` (a supervisor or admin) with agent members; answers its id. */
export async function createTeam(
  call: Call,
  token: string,
  name: string,
  agentIds: string[],
): Promise<string> {
  const team = await call('POST', '/api/teams', { token, body: { name } });
  if (team.status !== 201) throw new Error(`Team creation failed: ${JSON.stringify(team.body)}`);
  for (const userId of agentIds) {
    await call('POST', `/api/teams/${team.body.data.team.id}/members`, {
      token,
      body: { userId, role: 'agent' },
    });
  }
  return team.body.data.team.id;
}

/** Polls `read` until `done` holds for its answer; throws after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Rows of a raw query on the API's database (both drivers answer `{ rows }`). */
export async function query<T>(api: TestApi, statement: ReturnType<typeof sql>): Promise<T[]> {
  const db = api.app.get<Database>(DATABASE);
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}
