// The API's dependency graph at the level of its areas, generated from the code with the same
// dependency-cruiser configuration the lint uses, and written into docs/architecture.md between
// the graph markers as a Mermaid flowchart (GitHub renders it).
//
//   node tools/scripts/architecture-graph.mjs           rewrites the graph in docs/architecture.md
//   node tools/scripts/architecture-graph.mjs --check   exits 1 when the committed graph is stale
//
// Modules collapse to their area (apps/api/src/<area>/), identity to its layers
// (identity/access, identity/stores, identity/flows, and identity/*.ts for its top-level files)
// and platform to its parts (platform/<part>); the entry points (apps/api/src/*.ts) stay files.
// An edge drawn dotted ("not allowed") stands for at least one import the rules refuse. Tests are left out. An
// edge is drawn once however many imports it stands for, so the graph changes only when an
// arrow appears or goes; the output is sorted, so the same code always gives the same text.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG = './.dependency-cruiser.cjs';
const DOC = 'docs/architecture.md';
const START = '<!-- graph:start -->';
const END = '<!-- graph:end -->';
const SOURCE = 'apps/api/src';
/** Areas drawn with their inner parts, and how each part is named. */
const SPLIT = { platform: /^platform\/([^/]+)\//, identity: /^identity\/(access|stores|flows)\// };
/** The order nodes and edges are listed in: the ground first (the order of the allow-list). */
const ORDER = [
  'platform',
  'identity',
  'teams',
  'rollups',
  'presence',
  'realtime',
  'calls',
  'stats',
  'chat',
  'workforce',
  'app',
];

/** The graph node a source file belongs to, or undefined for a file outside the API source. */
function nodeOf(file) {
  if (!file.startsWith(`${SOURCE}/`)) return undefined;
  const path = file.slice(SOURCE.length + 1);
  if (!path.includes('/')) return path; // an entry point: main.ts, migrate.ts, openapi.ts
  const area = path.slice(0, path.indexOf('/'));
  const part = SPLIT[area]?.exec(path);
  return part ? `${area}/${part[1]}` : area;
}

/** Whether a node is drawn inside its area's box (identity, platform). */
function inner(node) {
  return Object.keys(SPLIT).some((area) => node === area || node.startsWith(`${area}/`));
}

function idOf(node) {
  return node.replace(/[^A-Za-z0-9]/g, '_');
}

function rank(node) {
  const area = node.includes('/') ? node.slice(0, node.indexOf('/')) : node;
  const index = ORDER.indexOf(area);
  return node.endsWith('.ts') ? -1 : index === -1 ? ORDER.length : index;
}

function compareNodes(a, b) {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

async function dependencies() {
  process.chdir(ROOT);
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfigFile = options.ruleSet?.options?.tsConfig?.fileName;
  const result = await cruise(
    [SOURCE],
    {
      ...options,
      validate: true,
      includeOnly: `^${SOURCE}/`,
      exclude: { path: ['\\.spec\\.ts$', '\\.d\\.ts$', ...[options.exclude?.path ?? []].flat()] },
      outputType: 'json',
    },
    {},
    { tsConfig: tsConfigFile ? extractTSConfig(tsConfigFile) : undefined },
  );
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return output.modules;
}

/** The Mermaid flowchart of the area graph, as a fenced block. */
function mermaid(modules) {
  const nodes = new Set();
  /** "from|to" -> whether every import behind the edge is allowed by the rules. */
  const edges = new Map();
  for (const module of modules) {
    const from = nodeOf(module.source);
    if (!from) continue;
    nodes.add(from);
    for (const dependency of module.dependencies) {
      const to = nodeOf(dependency.resolved);
      if (!to || to === from) continue;
      nodes.add(to);
      const key = `${from}|${to}`;
      edges.set(key, (edges.get(key) ?? true) && dependency.valid);
    }
  }
  const sorted = [...nodes].sort(compareNodes);
  const lines = ['```mermaid', 'flowchart TB'];
  for (const area of Object.keys(SPLIT)) {
    const inner = sorted.filter((node) => node === area || node.startsWith(`${area}/`));
    if (inner.length === 0) continue;
    lines.push(`  subgraph ${idOf(area)}_area [${area}]`);
    // The area's own top-level files (its index.ts, its module) are drawn as `<area>/*.ts`.
    for (const node of inner) {
      lines.push(`    ${idOf(node)}["${node === area ? `${area}/*.ts` : node}"]`);
    }
    lines.push('  end');
  }
  for (const node of sorted) {
    if (!inner(node)) lines.push(`  ${idOf(node)}["${node}"]`);
  }
  const ordered = [...edges].sort(([a], [b]) => {
    const [aFrom, aTo] = a.split('|');
    const [bFrom, bTo] = b.split('|');
    return compareNodes(aFrom, bFrom) || compareNodes(aTo, bTo);
  });
  for (const [key, allowed] of ordered) {
    const [from, to] = key.split('|');
    lines.push(`  ${idOf(from)} ${allowed ? '-->' : '-. not allowed .->'} ${idOf(to)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

function splice(document, block) {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start === -1 || end < start) {
    throw new Error(`${DOC} has no "${START}" ... "${END}" markers.`);
  }
  return `${document.slice(0, start + START.length)}\n\n${block}\n\n${document.slice(end)}`;
}

const check = process.argv.includes('--check');
const block = mermaid(await dependencies());
const current = readFileSync(resolve(ROOT, DOC), 'utf8');
const next = splice(current, block);
if (check) {
  if (next !== current) {
    const committed = current.slice(current.indexOf(START), current.indexOf(END)).split('\n');
    const fresh = next.slice(next.indexOf(START), next.indexOf(END)).split('\n');
    const gone = committed.filter((line) => !fresh.includes(line));
    const added = fresh.filter((line) => !committed.includes(line));
    console.error(`The dependency graph in ${DOC} is stale:`);
    for (const line of gone) console.error(`- ${line}`);
    for (const line of added) console.error(`+ ${line}`);
    console.error('Run "npm run docs:graph" and commit the result.');
    process.exit(1);
  }
  console.log(`The dependency graph in ${DOC} is up to date.`);
} else if (next !== current) {
  writeFileSync(resolve(ROOT, DOC), next);
  console.log(`Wrote the dependency graph into ${DOC}.`);
} else {
  console.log(`The dependency graph in ${DOC} was already up to date.`);
}
