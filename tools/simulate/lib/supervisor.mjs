// A simulated supervisor: now and then listens to a live call of their teams, switches to
// whispering, and stops, as a supervisor does from the dashboard's agent grid (issue 16's
// assist). The PBX is told each step by the platform's signed webhooks.
import { setTimeout as sleep } from 'node:timers/promises';

export class SimulatedSupervisor {
  /**
   * @param session the supervisor's signed-in Session
   * @param teamIds the teams they supervise: they assist only those teams' calls
   * @param liveCalls () => the platform ids and team ids of the calls being talked now
   * @param rate assists per minute (Poisson); `hold` mean seconds in each mode
   */
  constructor({ session, teamIds, liveCalls, random, rate, hold, log }) {
    this.session = session;
    this.teamIds = new Set(teamIds);
    this.liveCalls = liveCalls;
    this.random = random;
    this.rate = rate;
    this.hold = hold;
    this.log = log;
    this.counts = { started: 0, switched: 0, stopped: 0, refused: 0 };
    this.stopped = false;
  }

  start() {
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(
        () => {
          this.current = this.assistOne()
            .catch((error) => {
              this.counts.refused += 1;
              this.log(`${this.session.email}: assist refused: ${error.message}`);
            })
            .finally(next);
        },
        this.random.exponential(60 / this.rate) * 1000,
      );
    };
    next();
  }

  /** Listen, then whisper, then stop; a call that ends meanwhile ends the assist with it. */
  async assistOne() {
    const candidates = this.liveCalls().filter((call) => this.teamIds.has(call.teamId));
    if (candidates.length === 0) return;
    const call = this.random.pick(candidates);
    await this.session.call('POST', `/api/calls/${call.id}/assist`, { mode: 'listen' });
    this.counts.started += 1;
    await sleep(this.random.exponential(this.hold) * 1000);
    if (this.stopped) return this.stop(call);
    await this.session.call('POST', `/api/calls/${call.id}/assist`, { mode: 'whisper' });
    this.counts.switched += 1;
    await sleep(this.random.exponential(this.hold) * 1000);
    await this.stop(call);
  }

  async stop(call) {
    await this.session.call('DELETE', `/api/calls/${call.id}/assist`);
    this.counts.stopped += 1;
  }

  async close() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
    await this.session.signOut();
  }
}
