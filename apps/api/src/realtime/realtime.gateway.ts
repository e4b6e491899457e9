import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';

import {
  ClientToServerEvents,
  EffectivePermissions,
  ROOM_PERMISSIONS,
  RealtimeErrorCode,
  RealtimeRoom,
  Role,
  ServerToClientEvents,
  hasRoleAtLeast,
} from '@poscalls4u/contracts';
import { APP_CONFIG, AppConfig } from '@poscalls4u/server-config';

import { SessionCheck, TokenService, UserDirectory, WallboardLinks } from '../identity/access';
import { DomainEventMap, OnDomainEvent } from '../platform/events';
import { PresenceService } from '../presence';
import { TeamAccess } from '../teams';
import { releaseReplay } from './crash-safe-sessions';

export interface SocketData {
  /** Empty for a wallboard. */
  userId: string;
  /** A wallboard's: `wallboard:<link id>`. */
  sessionId: string;
  /** Null for a wallboard. */
  role: Role | null;
  /** A wallboard credential's link (docs/security.md): it hears its teams' wallboard rooms only. */
  wallboardLinkId?: string;
  wallboardTeamIds?: string[];
  /** Access token expiry (seconds since the epoch); the socket ends then unless renewed. */
  tokenExpiresAt: number;
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Sessions ended by their user signing out, as `session.revoked` names them. */
const SIGN_OUT_REASONS: readonly string[] = ['logout', 'logout_all'];

class HandshakeError extends Error {
  readonly data: { code: RealtimeErrorCode; message: string };
  constructor(code: RealtimeErrorCode, message: string) {
    super(code);
    this.data = { code, message };
  }
}

/**
 * The Socket.IO gateway. Authentication happens in handshake middleware — Nest guards do not
 * run on connect — and checks the token type, that its session is still active, and the Origin.
 * A socket ends when its session is revoked (on any instance: the revocation is broadcast through
 * the adapter), when its user is demoted or deactivated (those revoke the sessions), or when its
 * access token expires without being renewed through `auth:renew`.
 */
@WebSocketGateway()
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  @WebSocketServer() server!: RealtimeServer;
  private readonly logger = new Logger('Realtime');
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  /** Agents whose last connection dropped: they turn offline when the grace runs out. */
  private readonly offlineTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly sessions: SessionCheck,
    private readonly access: TeamAccess,
    private readonly users: UserDirectory,
    private readonly presence: PresenceService,
    private readonly modules: ModuleRef,
  ) {}

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      this.authenticate(socket)
        .then(async (data) => {
          socket.data = data;
          const rooms = await this.roomsOf(data);
          // A recovered socket comes back in the rooms it had when it dropped: it keeps only
          // those its user may hear now (a team left, a permission lost while it was away).
          const stale = socket.recovered
            ? [...socket.rooms].filter((room) => room !== socket.id && !rooms.includes(room))
            : [];
          for (const room of stale) await socket.leave(room);
          // Join the rooms before the handshake completes: a client may act on `connect` at
          // once, and an event sent to its rooms a moment later must not find them empty.
          await socket.join(rooms);
          // What it missed while away, now that it is known to be who it was, in what it may hear.
          if (socket.recovered) await releaseReplay(socket, rooms, stale);
          next();
        })
        .catch((error: unknown) =>
          next(
            error instanceof HandshakeError
              ? error
              : new HandshakeError('UNAUTHORIZED', 'Authentication failed.'),
          ),
        );
    });
  }

  @OnDomainEvent('session.revoked')
  async onSessionRevoked({
    userId,
    sessionIds,
    reason,
  }: DomainEventMap['session.revoked']): Promise<void> {
    for (const sessionId of sessionIds) this.endSession(sessionId, reason);
    // An explicit sign-out is offline at once (no grace for a reconnect that will not come),
    // unless the agent is still connected through another session.
    if (SIGN_OUT_REASONS.includes(reason)) {
      clearTimeout(this.offlineTimers.get(userId));
      this.offlineTimers.delete(userId);
      await this.offlineIfGone(userId, new Set(sessionIds));
    }
  }

  /** A revoked wallboard link's connections end at once, on every instance (through the adapter). */
  @OnDomainEvent('wallboard.revoked')
  onWallboardRevoked({ linkId }: DomainEventMap['wallboard.revoked']): void {
    const room = RealtimeRoom.wallboard(linkId);
    this.server.to(room).emit('session:ended', { reason: 'wallboard_revoked' });
    this.server.in(room).disconnectSockets(true);
  }

  /**
   * Team rooms follow membership changes live, on every instance (through the adapter): a member
   * who leaves leaves the team's rooms, permission rooms included; one who joins joins the team's
   * room and the permission rooms they hold there.
   */
  @OnDomainEvent('team.membership.changed')
  async onMembershipChanged({
    teamId,
    userId,
    change,
  }: DomainEventMap['team.membership.changed']): Promise<void> {
    if (change === 'removed') {
      this.server.in(RealtimeRoom.user(userId)).socketsLeave(teamRoomsOf(teamId));
    } else {
      await this.followPermissions(userId, teamId);
    }
    this.permissionsChanged(userId, teamId);
  }

  /** A team's security profile changed: its members' permission rooms there follow at once. */
  @OnDomainEvent('team.security-profile.changed')
  async onSecurityProfileChanged({
    teamId,
  }: DomainEventMap['team.security-profile.changed']): Promise<void> {
    for (const userId of await this.access.memberIdsOf(teamId)) {
      await this.followPermissions(userId, teamId);
      this.permissionsChanged(userId, teamId);
    }
  }

  /** Tells the user's consoles to read `GET /api/auth/permissions` again and redraw. */
  private permissionsChanged(userId: string, teamId: string): void {
    this.server.to(RealtimeRoom.user(userId)).emit('permissions:changed', { teamId });
  }

  @OnDomainEvent('presence.changed')
  onPresenceChanged({ presence, teamIds }: DomainEventMap['presence.changed']): void {
    const event = { ...presence, teamIds };
    // The agent, their teams (their supervisors are members) and the admins: never the
    // supervisors of other teams.
    const rooms = [
      RealtimeRoom.user(presence.userId),
      RealtimeRoom.admins,
      ...teamIds.map(RealtimeRoom.team),
    ];
    this.server.to(rooms).emit('agent:status', event);
    if (teamIds.length > 0)
      this.server.to(teamIds.map(RealtimeRoom.team)).emit('team:member-status', event);
  }

  handleConnection(socket: RealtimeSocket): void {
    const { userId } = socket.data;
    this.scheduleExpiry(socket);
    clearTimeout(this.offlineTimers.get(userId));
    this.offlineTimers.delete(userId);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
    const userId = socket.data.userId;
    if (!userId) return;
    clearTimeout(this.offlineTimers.get(userId));
    const timer = setTimeout(() => {
      this.offlineTimers.delete(userId);
      this.offlineIfGone(userId).catch((error: unknown) =>
        this.logger.warn(`Could not set ${userId} offline: ${(error as Error).message}`),
      );
    }, this.config.presence.offlineGraceSeconds * 1000);
    timer.unref();
    this.offlineTimers.set(userId, timer);
  }

  /** A live connection takes a fresh access token of the same session before the old one expires. */
  @SubscribeMessage('auth:renew')
  async renew(
    socket: RealtimeSocket,
    token: unknown,
  ): Promise<{ ok: boolean; code?: RealtimeErrorCode }> {
    if (socket.data.wallboardLinkId) return this.renewWallboard(socket, token);
    const claims =
      typeof token === 'string' ? await this.tokens.verifyAccessToken(token) : undefined;
    if (!claims || claims.sid !== socket.data.sessionId || claims.sub !== socket.data.userId) {
      return { ok: false, code: 'UNAUTHORIZED' };
    }
    socket.data.tokenExpiresAt = claims.exp;
    this.scheduleExpiry(socket);
    return { ok: true };
  }

  /** A wallboard renews with a fresh wallboard token of the same link, still in force. */
  private async renewWallboard(
    socket: RealtimeSocket,
    token: unknown,
  ): Promise<{ ok: boolean; code?: RealtimeErrorCode }> {
    const claims =
      typeof token === 'string' ? await this.tokens.verifyWallboardToken(token) : undefined;
    if (
      !claims ||
      claims.linkId !== socket.data.wallboardLinkId ||
      !(await this.wallboardLinks().activeTeams(claims.linkId))
    ) {
      return { ok: false, code: 'UNAUTHORIZED' };
    }
    socket.data.tokenExpiresAt = claims.exp;
    this.scheduleExpiry(socket);
    return { ok: true };
  }

  /** The wallboard links' owner (workforce), resolved at run time: realtime may not import it. */
  private wallboardLinks(): WallboardLinks {
    return this.modules.get(WallboardLinks, { strict: false });
  }

  onModuleDestroy(): void {
    for (const timer of this.offlineTimers.values()) clearTimeout(timer);
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
  }

  /** Ends every socket of a session, on every instance (the adapter relays to the others). */
  endSession(sessionId: string, reason: string): void {
    const room = RealtimeRoom.session(sessionId);
    this.server.to(room).emit('session:ended', { reason });
    this.server.in(room).disconnectSockets(true);
  }

  /**
   * After the grace: offline, unless the agent has a connection again (on any instance) or is on
   * a call. Sockets of `endedSessions` do not count: they are being disconnected.
   */
  private async offlineIfGone(
    userId: string,
    endedSessions: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const sockets = await this.server.in(RealtimeRoom.user(userId)).fetchSockets();
    if (sockets.some((socket) => !endedSessions.has(socket.data.sessionId))) return;
    const current = await this.presence.view(userId);
    if (
      current.status === 'offline' ||
      current.status === 'on_call' ||
      current.status === 'wrap_up'
    )
      return;
    await this.presence.setBySystem(userId, 'offline');
  }

  private async authenticate(socket: RealtimeSocket): Promise<SocketData> {
    const origin = socket.handshake.headers.origin;
    // Browsers always send Origin; a page of another site must not ride on a user's token.
    if (origin && !this.config.clientUrls.includes(origin.replace(/\/+$/, ''))) {
      throw new HandshakeError('FORBIDDEN', 'This origin may not connect.');
    }
    const auth = socket.handshake.auth as { token?: unknown };
    const token =
      typeof auth.token === 'string' ? auth.token.replace(/^Bearer\s+/i, '') : undefined;
    if (!token)
      throw new HandshakeError(
        'UNAUTHORIZED',
        'An access token is required: io(url, { auth: { token } }).',
      );
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims) return this.authenticateWallboard(token);
    const user = await this.sessions.authenticate(claims.sid, claims.sub);
    if (!user) throw new HandshakeError('UNAUTHORIZED', 'The session is over. Sign in again.');
    return {
      userId: user.id,
      sessionId: user.sessionId,
      role: user.role,
      tokenExpiresAt: claims.exp,
    };
  }

  /** Not an access token: a wallboard token of a link in force, or nothing. */
  private async authenticateWallboard(token: string): Promise<SocketData> {
    const claims = await this.tokens.verifyWallboardToken(token);
    const teamIds = claims ? await this.wallboardLinks().activeTeams(claims.linkId) : undefined;
    if (!claims || !teamIds)
      throw new HandshakeError('UNAUTHORIZED', 'The access token is invalid or expired.');
    return {
      userId: '',
      sessionId: RealtimeRoom.wallboard(claims.linkId),
      role: null,
      tokenExpiresAt: claims.exp,
      wallboardLinkId: claims.linkId,
      wallboardTeamIds: teamIds,
    };
  }

  private async roomsOf({
    userId,
    sessionId,
    role,
    wallboardLinkId,
    wallboardTeamIds,
  }: SocketData): Promise<string[]> {
    // A wallboard hears its link's room (for its revocation) and its teams' wallboard rooms only.
    if (wallboardLinkId) {
      return [
        RealtimeRoom.wallboard(wallboardLinkId),
        ...(wallboardTeamIds ?? []).map(RealtimeRoom.wallboardTeam),
      ];
    }
    if (!role) return [];
    const rooms = [RealtimeRoom.user(userId), RealtimeRoom.session(sessionId)];
    if (hasRoleAtLeast(role, Role.Supervisor)) rooms.push(RealtimeRoom.supervisors);
    if (role === Role.Admin) rooms.push(RealtimeRoom.admins);
    // A user hears only their own teams, and in each only what their permissions there allow.
    const permissions = await this.access.permissionsOf({ id: userId, role });
    for (const { teamId } of permissions.teams) {
      rooms.push(RealtimeRoom.team(teamId), ...heldRooms(permissions, teamId));
    }
    return rooms;
  }

  /** Puts a user's sockets in a team's room and in exactly the permission rooms they hold there. */
  private async followPermissions(userId: string, teamId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) return;
    const permissions = await this.access.permissionsOf(user);
    const sockets = this.server.in(RealtimeRoom.user(userId));
    if (!permissions.teams.some((team) => team.teamId === teamId)) {
      sockets.socketsLeave(teamRoomsOf(teamId));
      return;
    }
    const held = heldRooms(permissions, teamId);
    const dropped = teamRoomsOf(teamId).filter(
      (room) => room !== RealtimeRoom.team(teamId) && !held.includes(room),
    );
    if (dropped.length > 0) sockets.socketsLeave(dropped);
    sockets.socketsJoin([RealtimeRoom.team(teamId), ...held]);
  }

  private scheduleExpiry(socket: RealtimeSocket): void {
    clearTimeout(this.expiryTimers.get(socket.id));
    const delay = Math.max(0, socket.data.tokenExpiresAt * 1000 - Date.now());
    const timer = setTimeout(() => {
      socket.emit('session:ended', { reason: 'token_expired' });
      socket.disconnect(true);
    }, delay);
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }
}

/** A team's room and its permission rooms. */
function teamRoomsOf(teamId: string): string[] {
  return [
    RealtimeRoom.team(teamId),
    ...ROOM_PERMISSIONS.map((permission) => RealtimeRoom.teamPermission(teamId, permission)),
  ];
}

/** The permission rooms of a team whose permission the user holds there. */
function heldRooms(permissions: EffectivePermissions, teamId: string): string[] {
  const team = permissions.teams.find((entry) => entry.teamId === teamId);
  return ROOM_PERMISSIONS.filter((permission) => team?.permissions.includes(permission)).map(
    (permission) => RealtimeRoom.teamPermission(teamId, permission),
  );
}
