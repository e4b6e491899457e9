import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { buildOpenApiDocument } from '../src/app/openapi/swagger';
import { ROUTE_POLICY, renderPermissions, renderRoutePolicy } from './support/route-policy';
import { TestApi, startTestApi } from './support/test-api';

const DOC = resolve(__dirname, '../../../docs/security.md');
const TABLES = [
  {
    begin: '<!-- route-policy:begin -->',
    end: '<!-- route-policy:end -->',
    render: renderRoutePolicy,
  },
  {
    begin: '<!-- permissions:begin -->',
    end: '<!-- permissions:end -->',
    render: renderPermissions,
  },
];

interface Operation {
  security?: unknown[];
  'x-permission'?: string;
  'x-role'?: string;
  'x-credential'?: string;
}

/**
 * No route ships without a decision: every operation of the generated OpenAPI document has an
 * entry in the route policy table (and every entry a route), the entry says what the route's
 * decorator says, and docs/security.md shows the table as it is.
 * `UPDATE_SECURITY_DOC=1` rewrites the doc's tables from the fixture.
 */
describe('route policy', () => {
  let api: TestApi;
  let operations: Map<string, Operation>;

  beforeAll(async () => {
    api = await startTestApi('pglite');
    const document = buildOpenApiDocument(api.app);
    operations = new Map();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
          operations.set(`${method.toUpperCase()} ${path}`, operation as Operation);
        }
      }
    }
  });
  afterAll(() => api?.close());

  const key = (entry: { method: string; path: string }) => `${entry.method} ${entry.path}`;

  it('has an entry for every operation, and no entry without one', () => {
    const listed = ROUTE_POLICY.map(key);
    expect(new Set(listed).size).toBe(listed.length);
    const missing = [...operations.keys()].filter((operation) => !listed.includes(operation));
    const stale = listed.filter((entry) => !operations.has(entry));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("says what each route's decorator says", () => {
    const mismatches: string[] = [];
    for (const entry of ROUTE_POLICY) {
      const operation = operations.get(key(entry));
      if (!operation) continue;
      const declared = !operation.security?.length
        ? 'public'
        : operation['x-credential'] === 'wallboard'
          ? 'wallboard'
          : (operation['x-permission'] ??
            (operation['x-role'] && operation['x-role'] !== 'agent'
              ? `role:${operation['x-role']}`
              : 'signed-in'));
      if (declared !== entry.access) {
        mismatches.push(`${key(entry)}: the table says ${entry.access}, the route ${declared}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('is the table docs/security.md shows', () => {
    let doc = readFileSync(DOC, 'utf8');
    for (const table of TABLES) {
      const start = doc.indexOf(table.begin);
      const end = doc.indexOf(table.end);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
      const expected = `${table.begin}\n\n${table.render()}\n\n${table.end}`;
      if (process.env.UPDATE_SECURITY_DOC === '1') {
        doc = doc.slice(0, start) + expected + doc.slice(end + table.end.length);
      } else {
        expect(normalized(doc.slice(start, end + table.end.length))).toBe(normalized(expected));
      }
    }
    if (process.env.UPDATE_SECURITY_DOC === '1') writeFileSync(DOC, doc);
  });
});

/** A markdown table as Prettier may lay it out: cells trimmed, separator rows reduced. */
function normalized(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => (/^\s*-+\s*$/.test(cell) ? '-' : cell.trim()))
            .join('|')
        : line,
    )
    .join('\n');
}
