// Skills-based routing in the simulation: the catalogue the callers choose from in the IVR, and
// with --demo-skills a demo catalogue with skills for the chosen teams' agents, so that the
// routing has something to match.

/** The demo catalogue, and the share of agents who hold each skill. */
const DEMO_SKILLS = [
  { name: 'English', description: 'Callers who chose English in the IVR', share: 1 },
  { name: 'Spanish', description: 'Callers who chose Spanish in the IVR', share: 0.5 },
  { name: 'Billing', description: 'Invoices, refunds and payment plans', share: 0.4 },
];

/**
 * The names of the skills callers may choose. With `demoSkills` and an empty catalogue, creates
 * DEMO_SKILLS and gives each agent of `teams` who has no skill yet a share of them, at a level
 * from 2 to 5 drawn from `random`. `admin` is a signed-in Session.
 */
export async function prepareSkills(admin, teams, { demoSkills, random, out }) {
  const catalogue = await admin.all('/api/skills');
  if (catalogue.length > 0 || !demoSkills) return catalogue.map((skill) => skill.name);

  const created = [];
  for (const spec of DEMO_SKILLS) {
    const { skill } = await admin.call('POST', '/api/skills', {
      name: spec.name,
      description: spec.description,
    });
    created.push({ ...spec, id: skill.id });
  }
  const agents = new Set();
  for (const team of teams) {
    const { team: detail } = await admin.call('GET', `/api/teams/${team.id}`);
    for (const member of detail.members) if (member.role === 'agent') agents.add(member.userId);
  }
  for (const userId of agents) {
    const { agent } = await admin.call('GET', `/api/skills/agents/${userId}`);
    if (agent.skills.length > 0) continue;
    const skills = created
      .filter((spec) => random.uniform() <= spec.share)
      .map((spec) => ({ skillId: spec.id, level: 2 + random.int(4) }));
    await admin.call('PUT', `/api/skills/agents/${userId}`, { skills });
  }
  out(
    `Created the demo skills ${DEMO_SKILLS.map((spec) => spec.name).join(', ')} and gave them ` +
      `to ${agents.size} agent(s) (levels 2-5).`,
  );
  return created.map((spec) => spec.name);
}

/**
 * What a caller chooses in the IVR: with probability `share`, one skill of `names` at a level
 * from 1 to `maxLevel` (`requiredSkills` of `call.queued`); otherwise nothing, and the team's
 * default applies.
 */
export function callerChoice(random, names, share, maxLevel) {
  if (names.length === 0 || random.uniform() > share) return undefined;
  return [{ skill: random.pick(names), minLevel: 1 + random.int(maxLevel) }];
}
