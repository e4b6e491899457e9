import { sql } from 'drizzle-orm';
import { IncomingMessage, get as httpGet } from 'node:http';

import { Call, createTeam, query, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

/** Parses the export (RFC 4180: quoted fields, doubled quotes) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * The CSV export neutralises spreadsheet formulas (OWASP CSV injection) in every text field,
 * on both export paths (COPY on PostgreSQL, keyset pages on PGlite), and keeps phone numbers.
 */
describe.each(DATABASES)('CSV export safety on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let teamId: string;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens } = await signInAll(call, ['admin', 'supervisor1']));
    teamId = await createTeam(call, tokens.supervisor1, '=HYPERLINK("http://evil","x")', []);
    // Calls written straight into the table: the export reads them, whatever their origin.
    await query(
      api,
      sql`insert into calls (team_id, direction, state, from_number, to_number, queued_at, wait_ms)
          values
            (${teamId}::uuid, 'inbound', 'abandoned', '+15550100', '@SUM(A1)', now() - interval '2 hours', 1000),
            (${teamId}::uuid, 'inbound', 'abandoned', '-2+3+cmd|'' /C calc''!A0', '+1 (555) 010-0199', now() - interval '1 hour', 1000),
            (${teamId}::uuid, 'inbound', 'abandoned', ${'\tTAB'}, ${'\rCR'}, now() - interval '30 minutes', 1000)`,
    );
  });
  afterAll(() => api?.close());

  it('prefixes formula-looking fields with a quote and leaves phone numbers readable', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const response = await fetch(
      `${api.baseUrl}/api/stats/calls?from=${from}&to=${to}&format=csv&teamId=${teamId}`,
      { headers: { authorization: `Bearer ${tokens.admin}` } },
    );
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    const column = (name: string) => (header ?? []).indexOf(name);
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows as [string[], string[], string[]];
    expect(first[column('team')]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(first[column('from')]).toBe('+15550100');
    expect(first[column('to')]).toBe("'@SUM(A1)");
    expect(second[column('from')]).toBe(`'-2+3+cmd|' /C calc'!A0`);
    expect(second[column('to')]).toBe('+1 (555) 010-0199');
    expect(third[column('from')]).toBe("'\tTAB");
    expect(third[column('to')]).toBe("'\rCR");
    for (const row of rows) {
      for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r](?![0-9 ().-]*$)/);
    }
  });
});

/**
 * Concurrent exports are bounded per instance and per user, so exports cannot take the whole
 * connection pool: beyond the limit, 429 RATE_LIMITED with Retry-After; a slot frees when an
 * export ends, also when its client goes away mid-stream.
 */
describe.each(DATABASES)('concurrent CSV exports on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  const open: IncomingMessage[] = [];
  const range = () => {
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    return `from=${from}&to=${to}&format=csv`;
  };
  /**
   * Starts an export on a connection of its own (no keep-alive pool: PGlite runs in this process
   * and holds the event loop, so a pooled idle connection may be closed under a new request) and
   * answers once the headers are in, leaving the body unread.
   */
  const startExport = (name: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpGet(
        `${api.baseUrl}/api/stats/calls?${range()}`,
        { agent: false, headers: { authorization: `Bearer ${tokens[name]}` } },
        resolve,
      );
      request.on('error', reject);
    });
  const jsonOf = async (response: IncomingMessage) => {
    let text = '';
    for await (const chunk of response) text += String(chunk);
    return JSON.parse(text) as { success: boolean; error: { code: string; message: string } };
  };

  beforeAll(async () => {
    api = await startTestApi(kind, {
      DEMO_SEED: 'true',
      EXPORT_MAX_CONCURRENT: '2',
      EXPORT_MAX_CONCURRENT_PER_USER: '1',
    });
    call = apiClient(api.baseUrl);
    ({ tokens } = await signInAll(call, ['admin', 'supervisor1', 'supervisor2']));
    const teamId = await createTeam(call, tokens.supervisor1, 'Export load', []);
    // Enough rows (about 28 MB of CSV) that an export whose client does not read stays open on
    // backpressure: loopback socket buffers grow to several megabytes.
    await query(
      api,
      sql`insert into calls (team_id, direction, state, from_number, to_number, queued_at, wait_ms)
          select ${teamId}::uuid, 'inbound', 'abandoned', '+1555' || n, '+15550199',
                 now() - interval '30 days' + n * interval '20 seconds', 1000
          from generate_series(1, 120000) n`,
    );
  }, 180_000);
  afterAll(async () => {
    for (const response of open) response.destroy();
    await api?.close();
  });

  it('refuses a second export of one user and a third on the instance, then frees the slots', async () => {
    const first = await startExport('admin');
    open.push(first);
    expect(first.statusCode).toBe(200);

    const second = await startExport('admin');
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('10');
    expect(await jsonOf(second)).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMITED' },
    });

    const other = await startExport('supervisor1');
    open.push(other);
    expect(other.statusCode).toBe(200);

    const full = await startExport('supervisor2');
    expect(full.statusCode).toBe(429);
    expect((await jsonOf(full)).error.message).toMatch(/Too many exports/);

    // The first client goes away mid-stream: its slot comes back.
    first.destroy();
    const deadline = Date.now() + 20_000;
    let again = await startExport('admin');
    while (again.statusCode === 429 && Date.now() < deadline) {
      again.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await startExport('admin');
    }
    open.push(again);
    expect(again.statusCode).toBe(200);
  });
});
