import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { Call, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** Runs `node tools/simulate/simulate.mjs` to its end, as the browser tests do; answers its exit and output. */
function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [resolve(WORKSPACE_ROOT, 'tools/simulate/simulate.mjs'), ...args],
    { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

/** A figure of the simulator's summary line that starts with `label`. */
function figures(output: string, label: string): number[] {
  const line = output.split('\n').find((text) => text.trimStart().startsWith(label));
  if (!line) throw new Error(`no "${label}" line in the simulator's output:\n${output}`);
  return [...line.matchAll(/\d+/g)].map((match) => Number(match[0]));
}

interface TimelineEvent {
  type: string;
  source: string;
  details: Record<string, unknown> | null;
}

/**
 * tools/simulate's PBX carries out transfers and consults: the simulated agents hand calls on and
 * consult, the platform tells the simulator's PBX through its signed webhook, and the PBX answers
 * with the matching events (`call.transferred`, `call.consult.answered` / `.failed`), so the
 * platform's timelines and transfer KPIs show them. One database kind is enough: this is about
 * the simulator (PostgreSQL when the server suites run).
 */
describe.each(DATABASES.slice(-1))('the simulator transfers and consults, on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    admin = (await signInAll(call, ['admin'])).tokens.admin as string;
  });
  afterAll(async () => {
    await api.close();
  });

  it('hands calls on and consults, confirmed by its PBX; the dashboard counts the transfers', async () => {
    const run = await simulate([
      '--url',
      api.baseUrl,
      '--demo-teams',
      '--team-share',
      '1',
      '--integration',
      'Simulator transfers',
      '--seed',
      'simulator-transfers',
      '--rate',
      '40',
      '--duration',
      '20',
      '--answer-delay',
      '0.5',
      '--talk',
      '4',
      '--wrap',
      '1',
      '--patience',
      '60',
      '--skill-share',
      '0',
      '--transfer-share',
      '0.3',
      '--consult-share',
      '0.4',
      '--consult-answer',
      '0.5',
      '--conference-share',
      '0.5',
      '--drain',
      '90',
    ]);
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({
      code: 0,
      output: '',
    });
    const [toQueue = 0, toAgent = 0, toNumber = 0] = figures(run.output, 'transfers');
    const [started = 0, answered = 0, failed = 0] = figures(run.output, 'consults');
    const [merged = 0, left = 0, ended = 0] = figures(run.output, 'conferences');
    expect(toQueue + toAgent + toNumber).toBeGreaterThan(0);
    expect(started).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(merged).toBeGreaterThan(0);
    expect(left + ended).toBeGreaterThan(0);

    // What the platform recorded: the agents' transfers and consults, and the PBX's outcomes.
    const listed = await call('GET', '/api/calls?pageSize=100', { token: admin });
    expect(listed.status).toBe(200);
    const events: TimelineEvent[] = [];
    for (const { id } of listed.body.data.items as { id: string }[]) {
      events.push(
        ...((await call('GET', `/api/calls/${id}`, { token: admin })).body.data.call
          .timeline as TimelineEvent[]),
      );
    }
    const count = (type: string, source: string) =>
      events.filter((event) => event.type === type && event.source === source).length;
    expect(count('transferred', 'agent')).toBeGreaterThan(0);
    expect(count('consult_started', 'agent')).toBeGreaterThan(0);
    expect(count('consult_answered', 'pbx')).toBe(answered);
    expect(count('consult_failed', 'pbx')).toBe(failed);
    // Consults merged into conferences, each conference over by the end (left or ended).
    expect(count('conference_started', 'agent')).toBe(merged);
    const over = events.filter((event) => ['party_left', 'conference_ended'].includes(event.type));
    expect(over.length).toBeGreaterThan(0);
    // The PBX confirmed each transfer: acknowledged, never recorded as a second one.
    expect(count('transferred', 'pbx')).toBe(0);

    const { today } = (await call('GET', '/api/stats/dashboard', { token: admin })).body.data
      .dashboard;
    expect(today.transfersOut).toBeGreaterThan(0);
    expect(today.transferRatePercent).toBeGreaterThan(0);
  }, 240_000);
});
