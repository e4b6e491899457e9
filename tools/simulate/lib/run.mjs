// One simulation run: sign in, find the teams, set up the integration, start the agents and the
// PBX, print progress, stop (duration, call count, or the abort signal) and summarise.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { SimulatedAgent } from './agent.mjs';
import { Session, integrationWithSecret, request } from './client.mjs';
import { ensureDemoTeams } from './floor.mjs';
import { Pbx } from './pbx.mjs';
import { Random } from './random.mjs';
import { prepareSkills } from './skills.mjs';
import { SimulatedSupervisor } from './supervisor.mjs';

/** The defaults, also shown by --help. Times in seconds, rates in calls per minute per team. */
export const DEFAULTS = {
  url: 'http://127.0.0.1:3000',
  adminEmail: 'admin@poscalls4u.test',
  password: 'poscalls4u-demo',
  integration: 'Simulator',
  teams: '',
  rate: 2,
  teamRates: {},
  patience: 60,
  patienceDist: 'exponential',
  patienceSigma: 0.8,
  talk: 60,
  talkSigma: 0.6,
  wrap: 15,
  wrapSigma: 0.5,
  answerDelay: 3,
  /** Unset: the `teamShare` of each team's agents; set: agent<firstAgent> ... in a row. */
  agents: undefined,
  firstAgent: 1,
  duration: 300,
  calls: 0,
  drain: 120,
  progress: 5,
  seed: '',
  verbose: false,
  demoTeams: false,
  teamShare: 0.5,
  /** Share of callers who choose a skill in the IVR (when the catalogue has any). */
  skillShare: 0.3,
  /** The level a caller's skill requires is drawn from 1 to this. */
  skillMaxLevel: 3,
  demoSkills: false,
  /** Assists per minute by each team's simulated supervisor; 0: none. */
  assists: 0,
  /** Mean seconds a simulated supervisor listens, then whispers. */
  assistHold: 10,
  /** Share of the calls a simulated agent answers that it transfers part-way (blind). */
  transferShare: 0,
  /** Share it consults on first (a colleague or a number), then completes or cancels. */
  consultShare: 0,
  /** Share of consult legs the simulated PBX reports answered; the others fail. */
  consultAnswer: 0.75,
  /** Share of answered consults the agent completes (the others it cancels). */
  consultComplete: 0.6,
  /**
   * Share of answered consults the agent merges into a conference first (then leaves it, or ends
   * the call); the rest are completed or cancelled as above.
   */
  conferenceShare: 0,
  /** Where the simulated PBX takes the platform's commands (its webhook); port 0: any free. */
  webhookHost: '127.0.0.1',
  webhookPort: 0,
};

const seconds = (ms) => (ms / 1000).toFixed(1);
const average = (values) => values.reduce((sum, value) => sum + value, 0) / (values.length || 1);

/** Sign-ins cost a bcrypt each (~0.25 s of CPU); two at a time keeps the API responsive. */
async function signInAll(baseUrl, emails, password) {
  const sessions = [];
  for (let i = 0; i < emails.length; i += 2) {
    sessions.push(
      ...(await Promise.all(
        emails.slice(i, i + 2).map((email) => Session.signIn(baseUrl, email, password)),
      )),
    );
  }
  return sessions;
}

async function chooseTeams(admin, wanted, demoTeams, out) {
  const teams = demoTeams
    ? await ensureDemoTeams(admin, out)
    : (await admin.all('/api/teams')).filter((team) => !team.archivedAt);
  if (!wanted) {
    if (teams.length === 0)
      throw new Error('there are no teams: create one, or run with --demo-teams');
    return teams;
  }
  return wanted.split(',').map((key) => {
    const team = teams.find(
      (candidate) => candidate.id === key.trim() || candidate.name === key.trim(),
    );
    if (!team) throw new Error(`no team "${key}"; known: ${teams.map((t) => t.name).join(', ')}`);
    return team;
  });
}

/**
 * One simulated supervisor per supervisor of the chosen teams (the first of each team), with the
 * teams they supervise among those.
 */
async function supervisorsOf(admin, teams) {
  const byEmail = new Map();
  for (const team of teams) {
    const { team: detail } = await admin.call('GET', `/api/teams/${team.id}`);
    const supervisor = detail.members.find((member) => member.role === 'supervisor');
    if (!supervisor) continue;
    const teamIds = byEmail.get(supervisor.email) ?? [];
    teamIds.push(team.id);
    byEmail.set(supervisor.email, teamIds);
  }
  return byEmail;
}

/** Sorts agent2 before agent10. */
const byNumber = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The last `share` (rounded up) of each team's agents, by email, to simulate; the others are left
 * free for people to sign in as. Works with whatever teams the database has.
 */
async function shareOfEachTeam(admin, teams, share) {
  const simulated = new Set();
  const all = new Set();
  for (const team of teams) {
    const { team: detail } = await admin.call('GET', `/api/teams/${team.id}`);
    const agents = detail.members
      .filter((member) => member.role === 'agent')
      .map((member) => member.email)
      .sort(byNumber);
    for (const email of agents) all.add(email);
    for (const email of agents.slice(agents.length - Math.ceil(agents.length * share)))
      simulated.add(email);
  }
  return {
    simulated: [...simulated].sort(byNumber),
    free: [...all].filter((email) => !simulated.has(email)).sort(byNumber),
  };
}

/**
 * Runs until the duration is over or the call count is reached (then lets the calls in progress
 * finish, up to `drain` seconds), or until `signal` aborts (then callers still waiting hang up and
 * the simulated agents finish their calls at once). Answers the summary figures.
 */
export async function runSimulation(options, { signal, out = console.log } = {}) {
  const o = { ...DEFAULTS, ...options };
  const baseUrl = o.url.replace(/\/+$/, '');
  const seed = o.seed || randomBytes(4).toString('hex');
  const random = new Random(seed);
  const log = o.verbose ? (line) => out(`  ${line}`) : () => undefined;

  await request(baseUrl, 'GET', '/health/ready').catch((error) => {
    throw new Error(`the API at ${baseUrl} is not ready (${error.message})`);
  });
  const [admin] = await signInAll(baseUrl, [o.adminEmail], o.password);
  const teams = await chooseTeams(admin, o.teams, o.demoTeams, out);
  const { simulated, free } =
    o.agents === undefined
      ? await shareOfEachTeam(admin, teams, o.teamShare)
      : {
          simulated: Array.from(
            { length: o.agents },
            (_, index) => `agent${o.firstAgent + index}@poscalls4u.test`,
          ),
          free: [],
        };
  const agentSessions = await signInAll(baseUrl, simulated, o.password);
  const integration = await integrationWithSecret(admin, o.integration);
  const dispositions = (await admin.all('/api/dispositions'))
    .filter((disposition) => disposition.isActive)
    .map((disposition) => disposition.code);
  if (simulated.length > 0 && dispositions.length === 0)
    throw new Error('there is no active disposition to wrap calls up with');

  const skills = await prepareSkills(admin, teams, {
    demoSkills: o.demoSkills,
    random: random.fork('skills'),
    out,
  });
  const pbx = new Pbx({ admin, integration, teams, random, options: o, log, skills });
  // The platform tells the PBX what agents do (transfers, consults...) through its webhook.
  const webhookUrl = await pbx.startWebhooks({ host: o.webhookHost, port: o.webhookPort });
  await admin.call('PATCH', `/api/integrations/${integration.id}`, { webhookUrl });
  const supervisorTeams = o.assists > 0 ? await supervisorsOf(admin, teams) : new Map();
  const supervisorSessions = await signInAll(baseUrl, [...supervisorTeams.keys()], o.password);
  const supervisors = supervisorSessions.map(
    (session) =>
      new SimulatedSupervisor({
        session,
        teamIds: supervisorTeams.get(session.email),
        liveCalls: () => pbx.live,
        random: random.fork(`supervisor:${session.email}`),
        rate: o.assists,
        hold: o.assistHold,
        log,
      }),
  );
  const agents = agentSessions.map(
    (session) =>
      new SimulatedAgent({
        session,
        random: random.fork(`agent:${session.email}`),
        timing: o,
        dispositions,
        log,
        handOn: {
          transferShare: o.transferShare,
          consultShare: o.consultShare,
          consultComplete: o.consultComplete,
          conferenceShare: o.conferenceShare,
        },
      }),
  );
  let progressTimer;
  try {
    await pbx.connectMonitor();
    await Promise.all(agents.map((agent) => agent.start()));
    for (const supervisor of supervisors) supervisor.start();

    if (free.length > 0)
      out(
        `Agents left for you to sign in as: ${free.join(', ')} (simulated: ${simulated.join(', ')})`,
      );
    out(
      `Simulating ${teams.map((team) => `${team.name} (${pbx.rateOf(team)} calls/min)`).join(', ')}, ` +
        `${agents.length} simulated agent(s), seed ${seed}` +
        (skills.length && o.skillShare > 0
          ? `, ${Math.round(o.skillShare * 100)} % of callers choosing one of ${skills.join(', ')}`
          : '') +
        (supervisors.length
          ? `, ${supervisors.length} supervisor(s) assisting ${o.assists}/min each`
          : '') +
        (o.transferShare > 0 || o.consultShare > 0
          ? `, agents transferring ${Math.round(o.transferShare * 100)} % and consulting on ${Math.round(o.consultShare * 100)} % of their calls`
          : '') +
        (o.calls ? `, ${o.calls} calls` : o.duration ? `, ${o.duration} s` : ', until Ctrl-C'),
    );
    const started = Date.now();
    const progress = () => {
      const phases = agents.map((agent) => agent.phase);
      const count = (...names) => phases.filter((p) => names.includes(p)).length;
      out(
        `[${String(Math.round((Date.now() - started) / 1000)).padStart(5)} s] ` +
          `queued ${pbx.counts.queued}  answered ${pbx.counts.answered}  abandoned ${pbx.counts.abandoned}  ` +
          `completed ${pbx.counts.completed}  waiting ${pbx.waiting}` +
          (agents.length
            ? `  | simulated agents: ${count('ringing')} ringing, ${count('talking', 'ending')} talking, ${count('consulting', 'consult-talk', 'consulted')} consulting, ${count('wrapping')} wrap-up, ${count('idle')} idle`
            : ''),
      );
    };
    progressTimer = setInterval(progress, o.progress * 1000);

    pbx.startArrivals(o.calls);
    const aborted = new Promise((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener('abort', resolve, { once: true });
    });
    const arrivalsOver = (async () => {
      const until = o.duration && !o.calls ? started + o.duration * 1000 : Infinity;
      while (!pbx.allArrived && Date.now() < until && !signal?.aborted) await sleep(250);
    })();
    await Promise.race([arrivalsOver, aborted]);
    pbx.stopArrivals();

    if (!signal?.aborted) {
      out('Arrivals over; letting the calls in progress finish (Ctrl-C to stop now)...');
      const until = Date.now() + o.drain * 1000;
      while ((pbx.waiting > 0 || pbx.inProgress > 0) && Date.now() < until && !signal?.aborted)
        await sleep(250);
    }
    // Whatever is still queued hangs up, and the simulated agents finish what they hold.
    await pbx
      .hangUpAll()
      .catch((error) => out(`Could not hang up the waiting calls: ${error.message}`));
    await Promise.all(supervisors.map((supervisor) => supervisor.close()));
    await Promise.all(agents.map((agent) => agent.stop()));
    await sleep(500);
    progress();
    return summarise(pbx, agents, supervisors, Date.now() - started, out);
  } finally {
    clearInterval(progressTimer);
    pbx.close();
    // Nobody listens there any more: later commands of this integration are dropped, not retried.
    await admin
      .call('PATCH', `/api/integrations/${integration.id}`, { webhookUrl: null })
      .catch(() => undefined);
    await Promise.all(supervisors.map((supervisor) => supervisor.close().catch(() => undefined)));
    await Promise.all(agents.map((agent) => agent.stop().catch(() => undefined)));
    await admin.signOut();
  }
}

function summarise(pbx, agents, supervisors, elapsedMs, out) {
  const { queued, answered, abandoned, completed } = pbx.counts;
  const simulatedIds = new Set(agents.map((agent) => agent.id));
  const byOthers = [...pbx.calls.values()].filter(
    (call) => call.agentId && !simulatedIds.has(call.agentId),
  ).length;
  const finished = answered + abandoned;
  const summary = {
    seconds: Math.round(elapsedMs / 1000),
    queued,
    answered,
    answeredByOthers: byOthers,
    abandoned,
    completed,
    unfinished: queued - abandoned - completed,
    averageWaitSeconds: Number(seconds(average(pbx.waitsMs))),
    averageAbandonSeconds: Number(seconds(average(pbx.abandonedWaitsMs))),
    abandonmentRate: finished ? abandoned / finished : 0,
    ...skillFigures(pbx),
    transfers: { ...pbx.transfers },
    consults: { ...pbx.consults },
    conferences: { ...pbx.conferences },
    hungUpAfterTransfer: pbx.hungUpAfterTransfer,
    assists: supervisors.reduce(
      (sum, supervisor) => {
        for (const key of Object.keys(sum)) sum[key] += supervisor.counts[key];
        return sum;
      },
      { started: 0, switched: 0, stopped: 0, refused: 0 },
    ),
  };
  out(
    [
      '',
      `Summary after ${summary.seconds} s`,
      `  calls queued          ${queued}`,
      `  answered              ${answered}${byOthers ? ` (${byOthers} by people in the console)` : ''}`,
      `  abandoned             ${abandoned}`,
      `  completed             ${completed}`,
      `  not finished          ${summary.unfinished}`,
      `  average wait          ${summary.averageWaitSeconds} s (answered calls)`,
      `  average time to hang up ${summary.averageAbandonSeconds} s (abandoned calls)`,
      `  abandonment rate      ${(summary.abandonmentRate * 100).toFixed(1)} % (abandoned / (answered + abandoned))`,
      ...(summary.withSkills.queued > 0
        ? [
            `  callers with a skill  ${summary.withSkills.queued} queued, ${summary.withSkills.answered} answered, average wait ${summary.withSkills.averageWaitSeconds} s`,
            `  callers without       ${summary.withoutSkills.queued} queued, ${summary.withoutSkills.answered} answered, average wait ${summary.withoutSkills.averageWaitSeconds} s`,
          ]
        : []),
      ...(Object.values(pbx.transfers).some(Boolean) || pbx.consults.started > 0
        ? [
            `  transfers             ${pbx.transfers.queue} to a queue, ${pbx.transfers.agent} to an agent, ${pbx.transfers.number} to a number${pbx.hungUpAfterTransfer ? ` (${pbx.hungUpAfterTransfer} callers hung up waiting again)` : ''}`,
            `  consults              ${pbx.consults.started} started: ${pbx.consults.answered} answered, ${pbx.consults.failed} failed; ${pbx.consults.completed} completed, ${pbx.consults.cancelled} cancelled`,
            ...(pbx.conferences.merged > 0
              ? [
                  `  conferences           ${pbx.conferences.merged} merged: ${pbx.conferences.left} left by the agent, ${pbx.conferences.ended} ended with the call`,
                ]
              : []),
          ]
        : []),
      ...(supervisors.length > 0
        ? [
            `  supervisor assists    ${summary.assists.started} started, ${summary.assists.switched} switched to whisper, ${summary.assists.stopped} stopped, ${summary.assists.refused} refused (the call ended first)`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  return summary;
}

/** Calls whose caller chose a skill against the others: how many, answered, average wait. */
function skillFigures(pbx) {
  const figures = (calls) => {
    const waits = calls.filter((call) => call.waitMs !== undefined).map((call) => call.waitMs);
    return {
      queued: calls.length,
      answered: waits.length,
      averageWaitSeconds: Number(seconds(average(waits))),
    };
  };
  const calls = [...pbx.calls.values()];
  return {
    withSkills: figures(calls.filter((call) => call.skill !== undefined)),
    withoutSkills: figures(calls.filter((call) => call.skill === undefined)),
  };
}
