import { sql } from 'drizzle-orm';

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
