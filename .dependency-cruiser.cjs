/**
 * The arrows of the house (docs/architecture.md), checked on every `npm run lint`.
 *
 * API areas (apps/api/src/<area>) and what each may import besides the libraries:
 *   platform  -> (no area)            the ground: HTTP plumbing, events, audit, outbox, settings...
 *   identity  -> platform             access at the bottom, stores above it, flows on top
 *   teams     -> platform, identity
 *   rollups   -> platform             the statistics' write side, inside the call/presence transactions
 *   presence  -> platform, identity, teams, rollups
 *   realtime  -> platform, identity, teams, presence
 *   calls     -> platform, identity, teams, presence, rollups, realtime
 *   stats     -> platform, identity, teams, presence, rollups, realtime
 *   notifications -> platform, identity, teams, realtime   the notification centre, fed by domain events
 *   app       -> every area          the composition root (wiring, health, OpenAPI, consoles, demo data)
 * Between areas, only a public file is imported: `<area>/index.ts` (for platform and
 * identity's access layer, `platform/<part>/index.ts` and `identity/access/index.ts`).
 * Type-only imports count (tsPreCompilationDeps), and no cycle of any kind is allowed.
 */
const API = '^apps/api/src';
const AREAS = [
  'platform',
  'identity',
  'teams',
  'rollups',
  'presence',
  'realtime',
  'calls',
  'stats',
  'app',
  'chat',
  'workforce',
  'notifications',
];
const MAY_IMPORT = {
  platform: [],
  identity: ['platform'],
  teams: ['platform', 'identity'],
  rollups: ['platform'],
  presence: ['platform', 'identity', 'teams', 'rollups'],
  realtime: ['platform', 'identity', 'teams', 'presence'],
  calls: ['platform', 'identity', 'teams', 'presence', 'rollups', 'realtime'],
  stats: ['platform', 'identity', 'teams', 'presence', 'rollups', 'realtime'],
  chat: ['platform', 'identity', 'teams', 'realtime'],
  workforce: ['platform', 'identity', 'teams', 'presence', 'rollups', 'realtime', 'stats'],
  notifications: ['platform', 'identity', 'teams', 'realtime'],
  app: AREAS,
};

/** Tests may reach into what they test; cycles are still refused there. */
const SPECS = ['\\.spec\\.ts$', '^apps/api/test/'];

const areaRules = Object.entries(MAY_IMPORT).map(([area, allowed]) => ({
  name: `area-${area}`,
  comment: `${area} may import only: ${allowed.length ? allowed.join(', ') : 'no other area'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `${API}/${area}/`, pathNot: SPECS },
  to: {
    path: `${API}/(${AREAS.filter((a) => a !== area).join('|')})/`,
    pathNot: allowed.length ? `${API}/(${allowed.join('|')})/` : undefined,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, at any level (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No two folders (at any depth) import each other, directly or round a loop. A testing/ folder of helpers for specs is left out: specs import it and it imports what they test.',
      severity: 'error',
      scope: 'folder',
      from: { pathNot: '/testing$' },
      to: { circular: true, pathNot: '/testing$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      comment: 'A source file nothing imports is dead code (entry points and specs excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.(spec|d)\\.ts$',
          '(^|/)(main|migrate|openapi|stats-rebuild\\.main|test-setup|jest-setup)\\.ts$',
          '(^|/)(jest|webpack|eslint|drizzle)\\.config\\.',
          '\\.cjs$',
          '\\.mjs$',
          '^apps/[^/]+/src/(main|polyfills)\\.ts$',
          '^apps/console-e2e/',
          '^apps/api/test/',
          '^tools/',
        ],
      },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      comment: 'Runtime code must not need a dev dependency.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: [
          '\\.spec\\.ts$',
          '^apps/api/test/',
          '^apps/console-e2e/',
          '/test-setup\\.ts$',
          '\\.config\\.',
        ],
      },
      to: { dependencyTypes: ['npm-dev'], pathNot: ['node_modules/@types/'] },
    },
    ...areaRules,
    {
      name: 'area-public-file',
      comment:
        'Another area is reached through its public file: <area>/index.ts (platform/<part>/index.ts, identity/access/index.ts).',
      severity: 'error',
      from: { path: `${API}/([^/]+)/`, pathNot: SPECS },
      to: {
        path: `${API}/(${AREAS.join('|')})/`,
        pathNot: [
          `${API}/$1/`,
          `${API}/(teams|rollups|presence|realtime|calls|stats|chat|workforce|notifications|identity)/index\\.ts$`,
          `${API}/platform/[^/]+/index\\.ts$`,
          `${API}/identity/access/index\\.ts$`,
        ],
      },
    },
    {
      name: 'identity-outside-uses-access',
      comment:
        'Outside identity, only identity/access is imported (the composition root excepted).',
      severity: 'error',
      from: {
        path: `${API}/`,
        pathNot: [`${API}/(identity|app)/`, `${API}/[^/]+\\.ts$`, ...SPECS],
      },
      to: { path: `${API}/identity/`, pathNot: `${API}/identity/access/index\\.ts$` },
    },
    {
      name: 'identity-access-at-the-bottom',
      comment: 'identity/access imports nothing of identity above it (stores, flows).',
      severity: 'error',
      from: { path: `${API}/identity/access/` },
      to: { path: `${API}/identity/`, pathNot: `${API}/identity/access/` },
    },
    {
      name: 'identity-stores-below-flows',
      comment: 'The stores do not import the flows.',
      severity: 'error',
      from: { path: `${API}/identity/stores/` },
      to: { path: `${API}/identity/(flows/|identity\\.module|index)` },
    },
    {
      name: 'only-the-root-imports-app',
      comment: 'Nothing imports the composition root but the entry points.',
      severity: 'error',
      // (entry points at apps/api/src/*.ts are files, not folders, so they are not matched)
      from: { path: `${API}/[^/]+/`, pathNot: `${API}/app/` },
      to: { path: `${API}/app/` },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-not-to-server',
      severity: 'error',
      from: { path: '^(libs/web|apps/(agent|supervisor)-console)/' },
      to: { path: '^(libs/server|apps/(api|worker))/' },
    },
    {
      name: 'contracts-import-nothing',
      comment: 'The contract library is plain types and constants: no package, no other library.',
      severity: 'error',
      from: { path: '^libs/shared/contracts/src/' },
      to: { pathNot: '^libs/shared/contracts/src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/', '^tmp/', '\\.angular/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      dot: { collapsePattern: '^apps/api/src/[^/]+/|^libs/[^/]+/[^/]+|^apps/[^/]+' },
    },
  },
};
