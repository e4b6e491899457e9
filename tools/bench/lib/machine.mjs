// How busy the machine is while a benchmark measures, so that a figure taken on a loaded machine
// is reported as such instead of as met or not met (issue 17): the CPU that other work took while
// the measure ran, and the CPU time the hypervisor stole (from /proc; absent elsewhere). The load
// average is printed beside each figure, but does not decide: a benchmark's own posters, API
// instances and database backends are runnable processes too, so a bench that keeps two cores
// busy raises the load average above the core count by itself.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export const CORES = cpus().length;
/** Stolen CPU above this share of the time makes a figure untrustworthy. */
const MAX_STEAL = 0.05;
/** CPU taken by work other than the benchmark's, as a share of all cores' time, above which a figure is untrustworthy. */
const MAX_OTHERS = 0.15;
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;
/**
 * Processes counted as the benchmark's own wherever they run: the database and Redis servers it
 * drives (another engineer's queries on the same servers are then counted as the bench's: the
 * share of others is a lower bound).
 */
const SERVICES = new Set(['postgres', 'redis-server']);

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

/**
 * CPU ticks used so far by every process that is not this one, one of its descendants or a
 * service it drives, with the ticks of their reaped children (so a compiler that started and
 * ended within the measure is counted through its parent). Undefined without /proc.
 */
function othersTicks() {
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const processes = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid ... utime stime cutime cstime: comm may hold spaces or parentheses.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
      processes.set(Number(pid), { ppid: Number(fields[1]), comm, ticks });
    } catch {
      // Exited while read.
    }
  }
  const ours = (pid) => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops += 1) {
      if (current === process.pid) return true;
      const entry = processes.get(current);
      if (!entry) return false;
      current = entry.ppid;
    }
    return false;
  };
  const byPid = new Map();
  for (const [pid, entry] of processes) {
    if (!ours(pid) && !SERVICES.has(entry.comm)) byPid.set(pid, entry.ticks);
  }
  return byPid;
}

/**
 * Starts watching; `end()` answers the load averages (1/5/15, at the end), the steal share and
 * the share of all cores' time that other processes used meanwhile.
 */
export function watchMachine() {
  const before = cpuTimes();
  const othersBefore = othersTicks();
  const started = performance.now();
  return {
    end() {
      const after = cpuTimes();
      const othersAfter = othersTicks();
      const load = loadavg();
      const steal =
        before && after && after.total > before.total
          ? (after.steal - before.steal) / (after.total - before.total)
          : Number.NaN;
      let others = Number.NaN;
      if (othersBefore && othersAfter) {
        let ticks = 0;
        // A process started during the measure counts from zero; one that ended is lost unless
        // its parent reaped it (then it is in the parent's children's ticks).
        for (const [pid, now] of othersAfter)
          ticks += Math.max(0, now - (othersBefore.get(pid) ?? 0));
        const seconds = (performance.now() - started) / 1000;
        // A child reaped during the measure brings all its CPU time, some maybe spent before
        // the measure started: the share can overshoot, so it is capped at the whole machine.
        others = Math.min(1, ticks / TICKS_PER_SECOND / (seconds * CORES));
      }
      const reasons = [];
      if (others > MAX_OTHERS)
        reasons.push(`other work took ${(others * 100).toFixed(0)} % of the CPU`);
      if (steal > MAX_STEAL) reasons.push(`CPU steal ${(steal * 100).toFixed(1)} %`);
      return { load, steal, others, tooLoaded: reasons.length > 0, reasons };
    },
  };
}

/** `1.2 / 3.4 / 5.6` (1, 5, 15 minutes), and the steal share when known. */
export function describeMachine(machine) {
  const load = machine.load.map((value) => value.toFixed(1)).join(' / ');
  const steal = Number.isNaN(machine.steal) ? '' : `, steal ${(machine.steal * 100).toFixed(1)} %`;
  const others = Number.isNaN(machine.others ?? Number.NaN)
    ? ''
    : `, others ${(machine.others * 100).toFixed(0)} %`;
  return `load ${load}${steal}${others}`;
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
    others: Math.max(...machines.map((machine) => machine.others)),
    tooLoaded: machines.some((machine) => machine.tooLoaded),
    reasons: [...new Set(machines.flatMap((machine) => machine.reasons))],
  };
}
