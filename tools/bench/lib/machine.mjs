// How busy the machine is while a benchmark measures, so that a figure taken on a loaded machine
// is reported as such instead of as met or not met (issue 17): the load average against the core
// count, and the CPU time the hypervisor stole (from /proc/stat; absent elsewhere).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export const CORES = cpus().length;
/** Stolen CPU above this share of the time makes a figure untrustworthy. */
const MAX_STEAL = 0.05;

function cpuTimes() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // cpu user nice system idle iowait irq softirq steal ...
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0), steal: fields[7] };
  } catch {
    return undefined;
  }
}

/** Starts watching; `end()` answers the load averages (1/5/15, at the end) and the steal share. */
export function watchMachine() {
  const before = cpuTimes();
  const loadBefore = loadavg()[0];
  return {
    end() {
      const after = cpuTimes();
      const load = loadavg();
      const steal =
        before && after && after.total > before.total
          ? (after.steal - before.steal) / (after.total - before.total)
          : Number.NaN;
      const peak = Math.max(loadBefore, load[0]);
      const reasons = [];
      if (peak > CORES) reasons.push(`load average ${peak.toFixed(1)} > ${CORES} cores`);
      if (steal > MAX_STEAL) reasons.push(`CPU steal ${(steal * 100).toFixed(1)} %`);
      return { load, steal, tooLoaded: reasons.length > 0, reasons };
    },
  };
}

/** `1.2 / 3.4 / 5.6` (1, 5, 15 minutes), and the steal share when known. */
export function describeMachine(machine) {
  const load = machine.load.map((value) => value.toFixed(1)).join(' / ');
  const steal = Number.isNaN(machine.steal) ? '' : `, steal ${(machine.steal * 100).toFixed(1)} %`;
  return `load ${load}${steal}`;
}

/** The verdict column: met / NOT MET, or why the machine was too loaded to say. */
export function verdict(ok, machine) {
  if (machine.tooLoaded) return `too loaded to judge (${machine.reasons.join(', ')})`;
  return ok ? 'met' : 'NOT MET';
}

/** Two or more watches as one (a ratio's two sides): too loaded when any was. */
export function combineMachines(...machines) {
  return {
    load: machines.at(-1).load,
    steal: Math.max(...machines.map((machine) => machine.steal)),
    tooLoaded: machines.some((machine) => machine.tooLoaded),
    reasons: [...new Set(machines.flatMap((machine) => machine.reasons))],
  };
}
