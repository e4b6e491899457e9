// The demo floor's teams. The demo seed creates them (unless DEMO_TEAMS=false); when a database
// has no team at all, the demo (and the realtime benchmark) create the same two so that calls have
// queues to join.
export const DEMO_TEAMS = [
  { name: 'Support', supervisor: 'supervisor1@poscalls4u.test', agents: [1, 2, 3, 4, 5] },
  { name: 'Sales', supervisor: 'supervisor2@poscalls4u.test', agents: [6, 7, 8, 9, 10] },
];

/** The active teams; creates DEMO_TEAMS first when there are none. `admin` is a signed-in Session. */
export async function ensureDemoTeams(admin, out = console.log) {
  const existing = (await admin.all('/api/teams')).filter((team) => !team.archivedAt);
  if (existing.length > 0) return existing;
  const users = await admin.all('/api/users');
  const idOf = (email) => {
    const user = users.find((candidate) => candidate.email === email);
    if (!user)
      throw new Error(`the demo user ${email} is missing (start the API with DEMO_SEED=true)`);
    return user.id;
  };
  const teams = [];
  for (const spec of DEMO_TEAMS) {
    const { team } = await admin.call('POST', '/api/teams', {
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
