#!/usr/bin/env node
// tools/simulate: call traffic against a running PosCalls4U, acting as a PBX through the signed
// integration API, with optional simulated agents. `node tools/simulate/simulate.mjs --help`.
import { parseArgs } from 'node:util';

import { DEFAULTS, runSimulation } from './lib/run.mjs';

const HELP = `Usage: node tools/simulate/simulate.mjs [options]

Acts as a PBX: callers arrive at each team's queue (Poisson arrivals), wait, and hang up when their
patience runs out before an agent answers; the PBX carries out the platform's transfers and
consults (its signed webhook) and reports them. Simulated agents (demo accounts
agentN@poscalls4u.test) sign in, go available, answer offers, talk, end the call and wrap up with
a disposition, and may transfer or consult part-way.

Connection
  --url URL              API base URL                                   (${DEFAULTS.url})
  --admin-email EMAIL    admin who owns the integration                 (${DEFAULTS.adminEmail})
  --password PASSWORD    password of the admin and the agents           (${DEFAULTS.password})
                         (or SIMULATE_PASSWORD in the environment)
  --integration NAME     integration to use; created, or its secret rotated (${DEFAULTS.integration})
Traffic
  --teams A,B            team names or ids                              (all active teams)
  --demo-teams           when there is no team, create the demo teams Support and Sales
  --rate N               calls per minute per team                      (${DEFAULTS.rate})
  --team-rate T=N,...    a team's own rate, by name or id, e.g. Support=4,Sales=1
  --patience S           mean caller patience, seconds                  (${DEFAULTS.patience})
  --patience-dist D      exponential | lognormal                        (${DEFAULTS.patienceDist})
  --patience-sigma X     log-normal shape of the patience               (${DEFAULTS.patienceSigma})
  --duration S           seconds of arrivals, 0 = until Ctrl-C          (${DEFAULTS.duration})
  --calls N              stop after N calls instead (overrides --duration)
  --drain S              at most this long for calls in progress to finish at the end (${DEFAULTS.drain})
Skills and assists
  --skill-share X        share of callers who choose a skill in the IVR (0-1) (${DEFAULTS.skillShare})
  --skill-max-level N    the level a chosen skill requires: 1 to N      (${DEFAULTS.skillMaxLevel})
  --demo-skills          when the skills catalogue is empty, create English, Spanish and Billing
                         and give the chosen teams' agents some of them (levels 2-5)
  --assists N            each team's supervisor listens to N live calls a minute, then
                         whispers, then stops; 0 for none             (${DEFAULTS.assists})
  --assist-hold S        mean seconds of listening, then of whispering (${DEFAULTS.assistHold})
Transfers and consults
  --transfer-share X     share (0-1) of answered calls a simulated agent transfers part-way:
                         to another team's queue, an available colleague or a number (${DEFAULTS.transferShare})
  --consult-share X      share (0-1) it consults on first (a colleague or a number) (${DEFAULTS.consultShare})
  --consult-answer X     share of consult legs the PBX reports answered, the others fail
                         (no answer, busy, unreachable)                (${DEFAULTS.consultAnswer})
  --consult-complete X   share of answered consults completed, the others cancelled (${DEFAULTS.consultComplete})
  --conference-share X   share of answered consults merged into a conference first; the agent
                         then leaves it or ends the call                (${DEFAULTS.conferenceShare})
  --webhook-host HOST    where the simulated PBX takes the platform's commands (the API must
                         reach it there)                                (${DEFAULTS.webhookHost})
  --webhook-port N       its port, 0 for any free one                   (${DEFAULTS.webhookPort})
Agents
  --team-share X         simulate this share (0-1, rounded up) of each team's agents, the
                         last by number, and list the others as free for people  (${DEFAULTS.teamShare})
  --agents N             instead: simulate agentK ... agentK+N-1, 0 for none
  --first-agent K        K for --agents                                 (${DEFAULTS.firstAgent})
  --answer-delay S       mean seconds before answering an offer         (${DEFAULTS.answerDelay})
  --talk S               mean talk time, log-normal                     (${DEFAULTS.talk})
  --talk-sigma X         its shape                                      (${DEFAULTS.talkSigma})
  --wrap S               mean wrap-up time, log-normal                  (${DEFAULTS.wrap})
  --wrap-sigma X         its shape                                      (${DEFAULTS.wrapSigma})
Output
  --seed TEXT            seed of the random schedule, to replay a run   (random, printed)
  --progress S           seconds between progress lines                 (${DEFAULTS.progress})
  --verbose              log each failed agent action
  --help

Ctrl-C stops the arrivals, hangs up the callers still waiting, lets the simulated agents finish
their calls at once, signs them out and prints the summary; a second Ctrl-C quits immediately.`;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'admin-email': { type: 'string' },
    password: { type: 'string' },
    integration: { type: 'string' },
    teams: { type: 'string' },
    rate: { type: 'string' },
    'team-rate': { type: 'string' },
    patience: { type: 'string' },
    'patience-dist': { type: 'string' },
    'patience-sigma': { type: 'string' },
    duration: { type: 'string' },
    calls: { type: 'string' },
    drain: { type: 'string' },
    agents: { type: 'string' },
    'first-agent': { type: 'string' },
    'team-share': { type: 'string' },
    'answer-delay': { type: 'string' },
    talk: { type: 'string' },
    'talk-sigma': { type: 'string' },
    wrap: { type: 'string' },
    'wrap-sigma': { type: 'string' },
    seed: { type: 'string' },
    progress: { type: 'string' },
    verbose: { type: 'boolean' },
    'demo-teams': { type: 'boolean' },
    'skill-share': { type: 'string' },
    'skill-max-level': { type: 'string' },
    'demo-skills': { type: 'boolean' },
    assists: { type: 'string' },
    'assist-hold': { type: 'string' },
    'transfer-share': { type: 'string' },
    'consult-share': { type: 'string' },
    'consult-answer': { type: 'string' },
    'consult-complete': { type: 'string' },
    'conference-share': { type: 'string' },
    'webhook-host': { type: 'string' },
    'webhook-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** A non-negative number, or exit with a clear message. */
function number(flag, fallback) {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${flag} must be a number >= 0, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

/** `Support=4,Sales=1` -> { Support: 4, Sales: 1 }. */
function teamRates(raw) {
  const rates = {};
  for (const pair of (raw ?? '').split(',').filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const rate = Number(pair.slice(at + 1));
    if (at <= 0 || !Number.isFinite(rate) || rate < 0) {
      console.error(`--team-rate takes TEAM=N pairs, got "${pair}"`);
      process.exit(2);
    }
    rates[pair.slice(0, at).trim()] = rate;
  }
  return rates;
}

const options = {
  url: values.url ?? DEFAULTS.url,
  adminEmail: values['admin-email'] ?? DEFAULTS.adminEmail,
  password: values.password ?? process.env.SIMULATE_PASSWORD ?? DEFAULTS.password,
  integration: values.integration ?? DEFAULTS.integration,
  teams: values.teams ?? DEFAULTS.teams,
  rate: number('rate', DEFAULTS.rate),
  teamRates: teamRates(values['team-rate']),
  patience: number('patience', DEFAULTS.patience),
  patienceDist: values['patience-dist'] ?? DEFAULTS.patienceDist,
  patienceSigma: number('patience-sigma', DEFAULTS.patienceSigma),
  duration: number('duration', DEFAULTS.duration),
  calls: number('calls', DEFAULTS.calls),
  drain: number('drain', DEFAULTS.drain),
  agents: values.agents === undefined ? undefined : number('agents', 0),
  firstAgent: number('first-agent', DEFAULTS.firstAgent),
  teamShare: Math.min(1, number('team-share', DEFAULTS.teamShare)),
  answerDelay: number('answer-delay', DEFAULTS.answerDelay),
  talk: number('talk', DEFAULTS.talk),
  talkSigma: number('talk-sigma', DEFAULTS.talkSigma),
  wrap: number('wrap', DEFAULTS.wrap),
  wrapSigma: number('wrap-sigma', DEFAULTS.wrapSigma),
  seed: values.seed ?? DEFAULTS.seed,
  progress: number('progress', DEFAULTS.progress) || DEFAULTS.progress,
  verbose: values.verbose ?? false,
  demoTeams: values['demo-teams'] ?? false,
  skillShare: Math.min(1, number('skill-share', DEFAULTS.skillShare)),
  skillMaxLevel: Math.min(
    5,
    Math.max(1, Math.round(number('skill-max-level', DEFAULTS.skillMaxLevel))),
  ),
  demoSkills: values['demo-skills'] ?? false,
  assists: number('assists', DEFAULTS.assists),
  assistHold: number('assist-hold', DEFAULTS.assistHold) || DEFAULTS.assistHold,
  transferShare: Math.min(1, number('transfer-share', DEFAULTS.transferShare)),
  consultShare: Math.min(1, number('consult-share', DEFAULTS.consultShare)),
  consultAnswer: Math.min(1, number('consult-answer', DEFAULTS.consultAnswer)),
  consultComplete: Math.min(1, number('consult-complete', DEFAULTS.consultComplete)),
  conferenceShare: Math.min(1, number('conference-share', DEFAULTS.conferenceShare)),
  webhookHost: values['webhook-host'] ?? DEFAULTS.webhookHost,
  webhookPort: Math.trunc(number('webhook-port', DEFAULTS.webhookPort)),
};
if (options.transferShare + options.consultShare > 1) {
  console.error('--transfer-share and --consult-share must add up to 1 at most');
  process.exit(2);
}
if (!['exponential', 'lognormal'].includes(options.patienceDist)) {
  console.error('--patience-dist must be exponential or lognormal');
  process.exit(2);
}
if (options.patience <= 0 || options.talk <= 0 || options.wrap <= 0) {
  console.error('--patience, --talk and --wrap must be greater than 0');
  process.exit(2);
}

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  console.log(
    '\nStopping: callers hang up, simulated agents finish their calls (Ctrl-C again to quit now)...',
  );
  controller.abort();
});

try {
  await runSimulation(options, { signal: controller.signal });
  process.exit(0);
} catch (error) {
  console.error(`simulate: ${error.message}`);
  process.exit(1);
}
