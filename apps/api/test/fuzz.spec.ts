import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { signatureHeader } from '@poscalls4u/server-integrations';

import { FuzzCase, anonymousCases, casesFor, isGuarded } from './support/fuzz/mutations';
import { OpenApiDocument, Operation, operationsOf } from './support/fuzz/openapi';
import { inParallel, send, verdict } from './support/fuzz/runner';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';
const COMMITTED_DOCUMENT = resolve(__dirname, '../../../openapi.json');
/** The signed PBX route: its body mutations carry a valid signature, so they reach validation. */
const PBX_ROUTE = '/api/integrations/{id}/call-events';
/** One case in this many is also sent without the admin's credentials. */
const ANONYMOUS_EVERY = 10;
/** Requests in flight at once: enough to keep the API busy on two cores, not to swamp it. */
const CONCURRENCY = 4;

/**
 * Bad input never reaches a 500. For every operation of the OpenAPI document the running API
 * serves, each path, query, header and JSON body input gets malformed, mistyped, null, oversized,
 * deeply nested, out-of-range, non-finite, prototype-key, control-character and invalid-UTF-8
 * values (support/fuzz/mutations.ts), as the admin and, for a sample, without credentials. Every
 * answer must be below 500, within 10 s, with no stack trace or SQL text; an input the document
 * says is invalid must get a 4xx in the error envelope with a code of ErrorCode.
 */
describe.each(DATABASES)('fuzzing every operation on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  let pbx: { id: string; secret: string };

  async function signIn(): Promise<string> {
    const response = await call('POST', '/api/auth/login', {
      body: { email: 'admin@poscalls4u.test', password: PASSWORD },
    });
    expect(response.status).toBe(200);
    return response.body.data.token;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    const created = await call('POST', '/api/integrations', {
      token: await signIn(),
      body: { name: 'Fuzz PBX' },
    });
    pbx = created.body.data.integration;
  });
  afterAll(() => api?.close());

  it('answers every mutation below 500, and every invalid one with a 4xx envelope', async () => {
    const started = Date.now();
    const served = (await (await fetch(`${api.baseUrl}/api-docs-json`)).json()) as OpenApiDocument;
    const committed = JSON.parse(readFileSync(COMMITTED_DOCUMENT, 'utf8')) as OpenApiDocument;
    const operations = operationsOf(served, committed);
    expect(operations.length).toBeGreaterThan(50);

    const casesOf = (operation: Operation): FuzzCase[] => {
      const own = casesFor(operation, {
        pathValue: (op, name) => (op.path === PBX_ROUTE && name === 'id' ? pbx.id : undefined),
        sign: (op, body) =>
          op.path === PBX_ROUTE
            ? {
                [op.headerParams[0]?.name ?? 'x-poscalls-signature']: signatureHeader(
                  pbx.secret,
                  body,
                ),
              }
            : {},
      });
      return [...own, ...anonymousCases(operation, own, ANONYMOUS_EVERY)];
    };

    const failures: string[] = [];
    const byClass: Record<string, number> = {};
    let requests = 0;
    const run = async (cases: FuzzCase[], token: string): Promise<void> => {
      requests += cases.length;
      await inParallel(cases, CONCURRENCY, async (fuzzCase) => {
        const answer = await send(api.baseUrl, fuzzCase, token);
        const statusClass = answer.status ? `${String(answer.status)[0]}xx` : 'none';
        byClass[statusClass] = (byClass[statusClass] ?? 0) + 1;
        const problem = verdict(fuzzCase, answer);
        if (problem) {
          const who = fuzzCase.anonymous ? '' : ' as admin';
          failures.push(`${fuzzCase.operation.label} [${fuzzCase.what}]${who}: ${problem}`);
        }
      });
    };

    // Operations on the caller's own account or session come last, each on a session of its
    // own: should one wrongly accept a request (sign out, say), the others still run signed in.
    const adminToken = await signIn();
    await run(operations.filter((op) => !isGuarded(op)).flatMap(casesOf), adminToken);
    for (const operation of operations.filter(isGuarded)) {
      await run(casesOf(operation), await signIn());
    }
    // Every admin request above ran signed in: a 401 for the admin was about the input.
    expect((await call('GET', '/api/auth/profile', { token: adminToken })).status).toBe(200);

    const classes = Object.entries(byClass)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([statusClass, count]) => `${statusClass} ${count}`)
      .join(', ');
    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `fuzz on ${kind}: ${operations.length} operations, ${requests} requests (${classes}) in ${seconds} s\n`,
    );
    expect(failures.sort()).toEqual([]);
  }, 400_000);
});
