import { Injectable } from '@nestjs/common';

import {
  AuditAction,
  Permission,
  Role,
  WALLBOARD_ROTATION_DEFAULT_SECONDS,
  WallboardLinkCreatedResult,
  WallboardLinkView,
  WallboardSessionResult,
  WallboardView,
} from '@poscalls4u/contracts';

import {
  AuthUser,
  TokenService,
  UserDirectory,
  WALLBOARD_TOKEN_SECONDS,
  WallboardLinks,
  WallboardPrincipal,
} from '../../identity/access';
import { AuditService } from '../../platform/audit';
import { DomainEvents } from '../../platform/events';
import { AppException, RequestContext } from '../../platform/http';
import { StatsService } from '../../stats';
import { TeamAccess, TeamsService } from '../../teams';
import { CreateWallboardLinkDto } from './dto/wallboard.dto';
import { hashWallboardSecret, newWallboardSecret } from './wallboard-secret';
import { WallboardLinkRecord, WallboardsRepository } from './wallboards.repository';

const NO_SUCH_LINK = 'No such wallboard link.';

/**
 * Wallboard links: a supervisor creates one for teams where they hold `wallboards:manage`
 * (supervisors by default, admins always), names it, lists it with its last use and revokes it.
 * The link's secret is shown once and stored hashed; the wallboard page exchanges it for a
 * short-lived wallboard token (identity/access) that reads `GET /api/wallboard` and joins its
 * teams' wallboard rooms, nothing else. This service is also the `WallboardLinks` port the guard
 * and the gateway ask on every use, so a revocation holds at once.
 */
@Injectable()
export class WallboardsService extends WallboardLinks {
  constructor(
    private readonly repository: WallboardsRepository,
    private readonly teams: TeamsService,
    private readonly access: TeamAccess,
    private readonly users: UserDirectory,
    private readonly tokens: TokenService,
    private readonly stats: StatsService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async create(
    caller: AuthUser,
    input: CreateWallboardLinkDto,
    context: RequestContext,
  ): Promise<WallboardLinkCreatedResult> {
    const teamIds = [...new Set(input.teamIds)];
    const names = await this.teams.activeNames(teamIds);
    for (const teamId of teamIds) {
      // A team the caller cannot see is 404 (its existence does not leak); 403 when its profile
      // withholds the permission from them.
      const standing = names.has(teamId)
        ? await this.access.standing(caller, teamId, Permission.WallboardsManage)
        : 'none';
      if (standing === 'withheld') throw this.access.withheld(Permission.WallboardsManage);
      if (standing === 'none') throw AppException.notFound(`No such team: ${teamId}.`);
    }
    const secret = newWallboardSecret();
    const id = await this.repository.create({
      name: input.name.trim(),
      secretHash: hashWallboardSecret(secret),
      rotationSeconds: input.rotationSeconds ?? WALLBOARD_ROTATION_DEFAULT_SECONDS,
      createdBy: caller.id,
      teamIds,
    });
    await this.audit.record({
      action: AuditAction.WallboardLinkCreated,
      outcome: 'success',
      context,
      actorId: caller.id,
      details: { linkId: id, teamIds },
    });
    const wallboard = await this.view(await this.found(id));
    return { wallboard, secret, path: `/wallboard#${secret}` };
  }

  /** Admins: every link. Others: the links they created and those over teams they all manage. */
  async list(caller: AuthUser): Promise<WallboardLinkView[]> {
    const held = await this.access.teamsHolding(caller, Permission.WallboardsManage);
    const links = (await this.repository.list()).filter((link) => this.manages(caller, held, link));
    return Promise.all(links.map((link) => this.view(link)));
  }

  /** Revokes a link at once: HTTP (the guard asks on every request) and sockets (disconnected). */
  async revoke(caller: AuthUser, id: string, context: RequestContext): Promise<WallboardLinkView> {
    const link = await this.repository.find(id);
    const held = await this.access.teamsHolding(caller, Permission.WallboardsManage);
    if (!link || !this.manages(caller, held, link)) throw AppException.notFound(NO_SUCH_LINK);
    if (await this.repository.revoke(id)) {
      this.events.publish('wallboard.revoked', { linkId: id });
      await this.audit.record({
        action: AuditAction.WallboardLinkRevoked,
        outcome: 'success',
        context,
        actorId: caller.id,
        details: { linkId: id },
      });
    }
    return this.view(await this.found(id));
  }

  /** The wallboard page's exchange: a link's secret for a wallboard token. */
  async exchange(secret: string): Promise<WallboardSessionResult> {
    const link = await this.repository.findActiveBySecretHash(hashWallboardSecret(secret));
    if (!link) throw AppException.unauthorized('This wallboard link is unknown or revoked.');
    await this.repository.touch(link.id);
    return {
      token: await this.tokens.issueWallboardToken(link.id),
      expiresInSeconds: WALLBOARD_TOKEN_SECONDS,
    };
  }

  /** The figures of the wallboard's teams (the guard resolved them from a link in force). */
  async board(wallboard: WallboardPrincipal): Promise<WallboardView> {
    const link = await this.found(wallboard.linkId);
    await this.repository.touch(link.id);
    return {
      name: link.name,
      rotationSeconds: link.rotationSeconds,
      teams: await this.stats.teamBoards(wallboard.teamIds),
      generatedAt: new Date().toISOString(),
    };
  }

  /**
   * The port: a link's teams, or undefined when it is unknown or revoked. A link shows what its
   * creator may still manage: the teams not archived where they hold `wallboards:manage` now
   * (a supervisor who left a team, or whose profile there withholds it, takes it off their
   * links; a deactivated creator's links show nothing).
   */
  async activeTeams(linkId: string): Promise<string[] | undefined> {
    const link = await this.repository.activeTeamIds(linkId);
    if (!link) return undefined;
    const creator = link.createdBy ? await this.users.findById(link.createdBy) : undefined;
    if (!creator?.isActive) return [];
    const [active, held] = await Promise.all([
      this.teams.activeNames(link.teamIds),
      this.access.teamsHolding(creator, Permission.WallboardsManage),
    ]);
    return link.teamIds.filter(
      (teamId) => active.has(teamId) && (held === 'all' || held.includes(teamId)),
    );
  }

  private manages(caller: AuthUser, held: string[] | 'all', link: WallboardLinkRecord): boolean {
    if (caller.role === Role.Admin || held === 'all') return true;
    if (link.createdBy === caller.id) return true;
    return link.teamIds.length > 0 && link.teamIds.every((teamId) => held.includes(teamId));
  }

  private async found(id: string): Promise<WallboardLinkRecord> {
    const link = await this.repository.find(id);
    if (!link) throw AppException.notFound(NO_SUCH_LINK);
    return link;
  }

  private async view(link: WallboardLinkRecord): Promise<WallboardLinkView> {
    const [names, creator] = await Promise.all([
      this.teams.activeNames(link.teamIds),
      link.createdBy ? this.users.findById(link.createdBy) : undefined,
    ]);
    return {
      id: link.id,
      name: link.name,
      teams: link.teamIds.flatMap((id) => {
        const name = names.get(id);
        return name === undefined ? [] : [{ id, name }];
      }),
      rotationSeconds: link.rotationSeconds,
      createdBy: creator ? { id: creator.id, name: creator.name } : null,
      createdAt: link.createdAt.toISOString(),
      lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
      revokedAt: link.revokedAt?.toISOString() ?? null,
    };
  }
}
