import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';

import {
  Database,
  InjectDatabase,
  wallboardLinkTeams,
  wallboardLinks,
} from '@poscalls4u/server-database';

export interface WallboardLinkRecord {
  id: string;
  name: string;
  rotationSeconds: number;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** In rotation order. */
  teamIds: string[];
}

/** Last use is written at most this often per link (a wallboard reads on every reconnect). */
const LAST_USE_RESOLUTION = sql`interval '1 minute'`;

/** The SQL of `wallboard_links` and `wallboard_link_teams`. */
@Injectable()
export class WallboardsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async create(input: {
    name: string;
    secretHash: string;
    rotationSeconds: number;
    createdBy: string;
    teamIds: string[];
  }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [link] = await tx
        .insert(wallboardLinks)
        .values({
          name: input.name,
          secretHash: input.secretHash,
          rotationSeconds: input.rotationSeconds,
          createdBy: input.createdBy,
        })
        .returning({ id: wallboardLinks.id });
      if (!link) throw new Error('The wallboard link was not inserted.');
      await tx
        .insert(wallboardLinkTeams)
        .values(input.teamIds.map((teamId, position) => ({ linkId: link.id, teamId, position })));
      return link.id;
    });
  }

  /** Every link, newest first, with its teams. */
  async list(): Promise<WallboardLinkRecord[]> {
    const links = await this.db
      .select()
      .from(wallboardLinks)
      .orderBy(desc(wallboardLinks.createdAt), desc(wallboardLinks.id));
    return this.withTeams(links);
  }

  async find(id: string): Promise<WallboardLinkRecord | undefined> {
    const links = await this.db.select().from(wallboardLinks).where(eq(wallboardLinks.id, id));
    return (await this.withTeams(links))[0];
  }

  /** The link a secret opens, if it is not revoked. */
  async findActiveBySecretHash(secretHash: string): Promise<WallboardLinkRecord | undefined> {
    const links = await this.db
      .select()
      .from(wallboardLinks)
      .where(and(eq(wallboardLinks.secretHash, secretHash), isNull(wallboardLinks.revokedAt)));
    return (await this.withTeams(links))[0];
  }

  /** The teams and creator of a link that is not revoked; undefined otherwise. */
  async activeTeamIds(
    id: string,
  ): Promise<{ teamIds: string[]; createdBy: string | null } | undefined> {
    const rows = await this.db
      .select({
        revokedAt: wallboardLinks.revokedAt,
        createdBy: wallboardLinks.createdBy,
        teamId: wallboardLinkTeams.teamId,
      })
      .from(wallboardLinks)
      .leftJoin(wallboardLinkTeams, eq(wallboardLinkTeams.linkId, wallboardLinks.id))
      .where(eq(wallboardLinks.id, id))
      .orderBy(asc(wallboardLinkTeams.position));
    const [first] = rows;
    if (!first || first.revokedAt) return undefined;
    return {
      teamIds: rows.flatMap((row) => (row.teamId ? [row.teamId] : [])),
      createdBy: first.createdBy,
    };
  }

  /** Marks a link revoked; false when it was already (or does not exist). */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.db
      .update(wallboardLinks)
      .set({ revokedAt: new Date() })
      .where(and(eq(wallboardLinks.id, id), isNull(wallboardLinks.revokedAt)))
      .returning({ id: wallboardLinks.id });
    return rows.length > 0;
  }

  /** Records a use, unless one was recorded in the last minute. */
  async touch(id: string): Promise<void> {
    await this.db
      .update(wallboardLinks)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(wallboardLinks.id, id),
          or(
            isNull(wallboardLinks.lastUsedAt),
            lt(wallboardLinks.lastUsedAt, sql`now() - ${LAST_USE_RESOLUTION}`),
          ),
        ),
      );
  }

  private async withTeams(
    links: (typeof wallboardLinks.$inferSelect)[],
  ): Promise<WallboardLinkRecord[]> {
    if (links.length === 0) return [];
    const teams = await this.db
      .select()
      .from(wallboardLinkTeams)
      .where(
        inArray(
          wallboardLinkTeams.linkId,
          links.map((link) => link.id),
        ),
      )
      .orderBy(asc(wallboardLinkTeams.position));
    return links.map((link) => ({
      id: link.id,
      name: link.name,
      rotationSeconds: link.rotationSeconds,
      createdBy: link.createdBy,
      createdAt: link.createdAt,
      lastUsedAt: link.lastUsedAt,
      revokedAt: link.revokedAt,
      teamIds: teams.filter((team) => team.linkId === link.id).map((team) => team.teamId),
    }));
  }
}
