import { Inject, Injectable, Logger } from '@nestjs/common';

import { Role } from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';
import { Database, InjectDatabase, teamMembers, teams } from '@poscalls4u/server-database';

import { DemoUsers } from '../../identity';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

const AGENT_NAMES = [
  'Amara Okafor',
  'Ben Carter',
  'Chloé Martin',
  'Diego Alvarez',
  'Eun-ji Park',
  'Farah Haddad',
  'Gabriel Silva',
  'Hannah Novak',
  'Ivan Petrov',
  'Julia Rossi',
];

/** The demo organisation: one admin, two supervisors, ten agents, all verified. */
export function demoUsers(adminEmail: string): DemoUser[] {
  return [
    { email: adminEmail, name: 'Alex Admin', role: Role.Admin },
    { email: 'supervisor1@poscalls4u.test', name: 'Sam Rivera', role: Role.Supervisor },
    { email: 'supervisor2@poscalls4u.test', name: 'Priya Shah', role: Role.Supervisor },
    ...AGENT_NAMES.map((name, index) => ({
      email: `agent${index + 1}@poscalls4u.test`,
      name,
      role: Role.Agent,
    })),
  ];
}

/** The demo's two queues: a supervisor and five agents each. */
const DEMO_TEAMS = [
  {
    name: 'Support',
    description: 'Customer support line (demo)',
    supervisor: 'supervisor1@poscalls4u.test',
    agents: [1, 2, 3, 4, 5],
  },
  {
    name: 'Sales',
    description: 'Sales line (demo)',
    supervisor: 'supervisor2@poscalls4u.test',
    agents: [6, 7, 8, 9, 10],
  },
];

/**
 * Seeds the demo organisation on the first start of an empty database, so a newcomer can sign
 * in right away. It never touches a database that already has users.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDatabase() private readonly db: Database,
    private readonly users: DemoUsers,
  ) {}

  /** Answers true when it seeded. */
  async seedIfEmpty(): Promise<boolean> {
    if (!this.config.demo.seed) return false;
    if (!(await this.users.noneYet())) return false;
    const passwordHash = await this.users.hashPassword(this.config.demo.password);
    // All or nothing: a seed interrupted halfway would otherwise never be completed.
    await this.db.transaction(async (tx) => {
      const ids = new Map<string, string>();
      for (const user of demoUsers(this.config.demo.adminEmail)) {
        const id = await this.users.createVerified(user, passwordHash, tx);
        if (id) ids.set(user.email, id);
      }
      if (!this.config.demo.teams) return;
      for (const team of DEMO_TEAMS) {
        const [row] = await tx
          .insert(teams)
          .values({ name: team.name, description: team.description })
          .returning({ id: teams.id });
        if (!row) continue;
        const members = [
          { email: team.supervisor, role: 'supervisor' as const },
          ...team.agents.map((n) => ({
            email: `agent${n}@poscalls4u.test`,
            role: 'agent' as const,
          })),
        ];
        await tx.insert(teamMembers).values(
          members
            .filter((member) => ids.has(member.email))
            .map((member) => ({
              teamId: row.id,
              userId: ids.get(member.email) as string,
              role: member.role,
            })),
        );
      }
    });
    this.logger.log(
      `Seeded the demo organisation (1 admin, 2 supervisors, 10 agents${this.config.demo.teams ? '; teams Support and Sales' : ''})`,
    );
    return true;
  }
}
