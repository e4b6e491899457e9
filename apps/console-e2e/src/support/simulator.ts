import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { WORKSPACE_ROOT, baseUrl } from './platform';

/** A run of tools/simulate against the e2e platform, as a child process. */
export interface SimulatorRun {
  child: ChildProcess;
  /** Resolves with the exit code once the simulator has tidied up (agents offline, signed out). */
  exited: Promise<number | null>;
  output: () => string;
}

/**
 * Starts `node tools/simulate/simulate.mjs` against this platform with the given options (e.g.
 * `['--teams', 'Sales', '--seed', 'e2e']`). Its own integration name, so that it never rotates
 * the secret of another run's.
 */
export function startSimulator(options: string[]): SimulatorRun {
  const child = spawn(
    process.execPath,
    [path.join('tools', 'simulate', 'simulate.mjs'), '--url', baseUrl(), ...options],
    { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => output };
}

/** Stops a run that is still going the way Ctrl-C does (callers hang up, agents go offline). */
export async function stopSimulator(run: SimulatorRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill('SIGINT');
    await run.exited;
  }
}
