// The demo floor's teams. The demo seed may already create teams; when a database has none, the
// demo (and the realtime benchmark) create two so that calls have queues to join: Support with the
// odd-numbered agents and Sales with the even-numbered ones, so that in `npm run demo` each team
// has both simulated agents (agent6-10) and agents a person can sign in as (agent1-5).
export const DEMO_TEAMS = [
  { name: 'Support', supervisor: 'supervisor1@poscalls4u.test', agents: [1, 3, 5, 7, 9] },
  { name: 'Sales', supervisor: 'supervisor2@poscalls4u.test', agents: [2, 4, 6, 8, 10] },
];

/** The active teams; creates DEMO_TEAMS first when there are none. `admin` is a signed-in Session. */
export async function ensureDemoTeams(admin, out = console.log) {
  const existing = (await admin.call('GET', '/api/teams')).filter((team) => !team.archivedAt);
  if (existing.length > 0) return existing;
  const users = (await admin.call('GET', '/api/users?pageSize=100')).items;
  const idOf = (email) => {
    const user = users.find((candidate) => candidate.email === email);
    if (!user)
      throw new Error(`the demo user ${email} is missing (start the API with DEMO_SEED=true)`);
    return user.id;
  };
  const teams = [];
  for (const spec of DEMO_TEAMS) {
    const team = await admin.call('POST', '/api/teams', {
      name: spec.name,
      description: 'Demo team (created by tools/simulate)',
    });
    await admin.call('POST', `/api/teams/${team.id}/members`, {
      userId: idOf(spec.supervisor),
      role: 'supervisor',
    });
    for (const n of spec.agents) {
      await admin.call('POST', `/api/teams/${team.id}/members`, {
        userId: idOf(`agent${n}@poscalls4u.test`),
        role: 'agent',
      });
    }
    teams.push(team);
  }
  out(`Created the demo teams ${DEMO_TEAMS.map((team) => team.name).join(' and ')}.`);
  return teams;
}
