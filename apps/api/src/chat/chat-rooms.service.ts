import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  ChatMemberView,
  ChatRoomDetailView,
  ChatRoomKind,
  ChatRoomView,
  Permission,
  ServerToClientEvents,
} from '@poscalls4u/contracts';
import { runOutsideRequest } from '@poscalls4u/server-logging';

import { AuthUser, UserDirectory } from '../identity/access';
import { DomainEventMap, OnDomainEvent } from '../platform/events';
import { AppException } from '../platform/http';
import { RealtimeService } from '../realtime';
import { TeamAccess, TeamsService } from '../teams';
import { ChatCallLookup } from './chat-call-lookup';
import { ChatMemberRow, ChatRoomRow, ChatRoomsRepository } from './chat-rooms.repository';
import { toMemberView } from './chat-views';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

const NO_SUCH_ROOM = 'No such room.';

/**
 * The least time between two unread pushes of one room. The first push after a quiet spell goes at
 * once; in a busy room the counts follow at most this often, each reading every message sent
 * meanwhile. Each push is one count query and one `chat:unread` to every member's sockets, which
 * a push per message made as many socket writes as the messages themselves (tools/bench/chat).
 */
export const UNREAD_PUSH_SPACING_MS = 1000;

/** The unique key of each kind of room: "open or reuse" is one lookup. */
const RoomKey = {
  team: (teamId: string) => `team:${teamId}`,
  direct: (a: string, b: string) => `direct:${[a, b].sort().join(':')}`,
  ask: (teamId: string, agentId: string) => `ask:${teamId}:${agentId}`,
};

/**
 * Chat rooms and who is in them. Membership is checked on every read and write (a room you are
 * not in is a 404, as a missing one); events reach a room's members through their own user rooms
 * of the gateway (`user:<id>`), so a socket hears a room exactly while its user is a member,
 * on every instance, with no chat room to join or leave.
 */
@Injectable()
export class ChatRoomsService implements OnModuleDestroy {
  private readonly logger = new Logger(ChatRoomsService.name);
  /** Rooms whose unread push is running, and whether another must follow it. */
  private readonly unreadPushes = new Map<string, 'running' | 'again'>();
  /** The last queued sync of each team's room (see `syncTeamRoom`). */
  private readonly teamSyncs = new Map<string, Promise<void>>();
  /** Ends the waits between unread pushes when the module stops. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly rooms: ChatRoomsRepository,
    private readonly teams: TeamsService,
    private readonly access: TeamAccess,
    private readonly users: UserDirectory,
    private readonly realtime: RealtimeService,
    private readonly calls: ChatCallLookup,
  ) {}

  /** The caller's rooms, most recently active first, with unread counts. */
  async list(caller: AuthUser): Promise<ChatRoomView[]> {
    // Team rooms are created on first need: a team that never had one gets it now.
    for (const teamId of await this.teams.teamIdsOf(caller.id)) {
      if (!(await this.rooms.findByKey(RoomKey.team(teamId)))) await this.syncTeamRoom(teamId);
    }
    const rows = await this.rooms.roomsOf(caller.id);
    const titles = await this.titles(caller.id, rows);
    return rows.map((row) => ({
      ...this.view(row, row.memberIds, row.unread),
      title: titles.get(row.id) ?? '',
    }));
  }

  async detail(caller: AuthUser, roomId: string): Promise<ChatRoomDetailView> {
    const room = await this.memberRoom(caller, roomId);
    return this.detailOf(caller.id, room);
  }

  /**
   * Opens (or reuses) the caller's direct room with another user: they must share a team where
   * the caller holds `chat:direct` (agents and supervisors by default), unless the caller is an
   * admin.
   */
  async openDirect(caller: AuthUser, userId: string): Promise<ChatRoomDetailView> {
    if (userId === caller.id)
      throw AppException.validation('The request is invalid.', [
        { field: 'userId', messages: ['userId must be someone else'] },
      ]);
    const other = await this.users.findById(userId);
    if (!other || !other.isActive) throw AppException.notFound('No such user.');
    const standing = await this.access.standingOverMember(caller, userId, Permission.ChatDirect);
    if (standing === 'withheld') throw this.access.withheld(Permission.ChatDirect);
    if (standing === 'none')
      throw AppException.forbidden('You can message only people who share a team with you.');
    const room = await this.openWith(
      { kind: ChatRoomKind.Direct, roomKey: RoomKey.direct(caller.id, userId), teamId: null },
      [caller.id, userId],
    );
    return this.detailOf(caller.id, room);
  }

  /**
   * "Ask a supervisor": the call's agent opens (or reuses) a room with the supervisors of the
   * call's team. The call reference travels inside the ciphertext, never here.
   */
  async askSupervisor(caller: AuthUser, callId: string): Promise<ChatRoomDetailView> {
    const call = await this.calls.agentAndTeam(callId);
    // Someone else's call is answered as a missing one: its existence is not the caller's to know.
    if (!call || call.agentId !== caller.id) throw AppException.notFound('No such call of yours.');
    const supervisorIds = (await this.teams.supervisorIdsOf(call.teamId)).filter(
      (id) => id !== caller.id,
    );
    if (supervisorIds.length === 0)
      throw AppException.conflict('The team of this call has no supervisor to ask.');
    const room = await this.openWith(
      {
        kind: ChatRoomKind.AskSupervisor,
        roomKey: RoomKey.ask(call.teamId, caller.id),
        teamId: call.teamId,
      },
      [caller.id, ...supervisorIds],
    );
    return this.detailOf(caller.id, room);
  }

  /** The room, when the caller is a current member; a 404 otherwise (existence not leaked). */
  async memberRoom(caller: Pick<AuthUser, 'id'>, roomId: string): Promise<ChatRoomRow> {
    const room = await this.rooms.findById(roomId);
    if (!room || !(await this.rooms.isMember(roomId, caller.id)))
      throw AppException.notFound(NO_SUCH_ROOM);
    return room;
  }

  /** Sends an event to the room's current members (their user rooms, on every instance). */
  async toMembers<E extends EventName>(
    roomId: string,
    event: E,
    payload: Payload<E>,
  ): Promise<string[]> {
    const memberIds = await this.rooms.currentMemberIds(roomId);
    this.realtime.toAudiences({ users: memberIds }, event, payload);
    return memberIds;
  }

  /** Sends an event to these users (a room's members, as the caller has just read them). */
  toUsers<E extends EventName>(userIds: string[], event: E, payload: Payload<E>): void {
    this.realtime.toAudiences({ users: userIds }, event, payload);
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }

  /**
   * Pushes the room's unread counts after the current request, outside it: one push at a time
   * per room, at most one every `UNREAD_PUSH_SPACING_MS`, and the sends that arrive meanwhile
   * share the next one (it reads the counts after all of them), so a busy room costs about one
   * count query and one event per member a second, not one per message.
   */
  pushUnreadSoon(roomId: string): void {
    if (this.unreadPushes.has(roomId)) {
      this.unreadPushes.set(roomId, 'again');
      return;
    }
    this.unreadPushes.set(roomId, 'running');
    runOutsideRequest(() => {
      setImmediate(() => void this.runUnreadPushes(roomId));
    });
  }

  private async runUnreadPushes(roomId: string): Promise<void> {
    for (;;) {
      this.unreadPushes.set(roomId, 'running');
      try {
        await this.pushUnread(roomId);
      } catch (error) {
        this.logger.warn({ err: error, roomId }, 'Could not push the unread counts of a room');
      }
      // The wait comes after every push, so that a send just after it waits its turn too.
      try {
        await sleep(UNREAD_PUSH_SPACING_MS, undefined, {
          ref: false,
          signal: this.stopping.signal,
        });
      } catch {
        break; // stopping: every client reads its counts again when it reconnects
      }
      if (this.unreadPushes.get(roomId) !== 'again') break;
    }
    this.unreadPushes.delete(roomId);
  }

  /** Pushes each member's unread count in the room; one emit per distinct count. */
  async pushUnread(roomId: string): Promise<void> {
    const byCount = new Map<number, string[]>();
    for (const [userId, unread] of await this.rooms.unreadByMember(roomId)) {
      byCount.set(unread, [...(byCount.get(unread) ?? []), userId]);
    }
    for (const [unread, users] of byCount)
      this.realtime.toAudiences({ users }, 'chat:unread', { roomId, unread });
  }

  /** One user's unread count in a room, to their sockets (after they read). */
  unreadTo(userId: string, roomId: string, unread: number): void {
    this.realtime.toUser(userId, 'chat:unread', { roomId, unread });
  }

  /** Everyone who shares a current room with the user, the user included. */
  coMemberIds(userId: string): Promise<string[]> {
    return this.rooms.coMemberIds(userId);
  }

  shareRoom(userId: string, otherId: string): Promise<boolean> {
    return this.rooms.shareRoom(userId, otherId);
  }

  /** The team room follows the team: members and supervisors join and leave with it, live. */
  @OnDomainEvent('team.membership.changed')
  async onMembershipChanged({ teamId }: DomainEventMap['team.membership.changed']): Promise<void> {
    await this.syncTeamRoom(teamId);
  }

  /** An archived team's room stays readable and takes no more messages. */
  @OnDomainEvent('team.archived')
  async onTeamArchived({ teamId }: DomainEventMap['team.archived']): Promise<void> {
    const room = await this.rooms.findByKey(RoomKey.team(teamId));
    if (!room) return;
    await this.rooms.archive(room.id);
    const memberIds = await this.rooms.currentMemberIds(room.id);
    this.realtime.toAudiences({ users: memberIds }, 'chat:room-changed', {
      roomId: room.id,
      change: 'archived',
      added: [],
      removed: [],
      memberIds,
      at: new Date().toISOString(),
    });
  }

  /**
   * Brings a team's room in step with the team's members (creating it if needed): opens a
   * membership period for each newcomer, closes those of who left, and tells everyone
   * concerned (`chat:room-changed`) so clients rotate or share their sender keys.
   */
  syncTeamRoom(teamId: string): Promise<void> {
    // One sync at a time per team in this instance, each reading the team when it starts: two
    // syncs that both read the team before either wrote let the older list win, and the room
    // drops a member who had just joined (concurrent member additions, as tools/bench/chat makes).
    const previous = this.teamSyncs.get(teamId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.syncTeamRoomNow(teamId));
    this.teamSyncs.set(teamId, run);
    run
      .catch(() => undefined)
      .finally(() => {
        if (this.teamSyncs.get(teamId) === run) this.teamSyncs.delete(teamId);
      });
    return run;
  }

  private async syncTeamRoomNow(teamId: string): Promise<void> {
    const team = await this.teams.audienceOf(teamId);
    if (!team) return;
    await this.syncMembers(
      { kind: ChatRoomKind.Team, roomKey: RoomKey.team(teamId), teamId },
      team.memberIds,
    );
  }

  /** Opens or reuses a room whose members must include `memberIds`; none is removed. */
  private async openWith(
    room: { kind: ChatRoomKind; roomKey: string; teamId: string | null },
    memberIds: string[],
  ): Promise<ChatRoomRow> {
    if (room.kind === ChatRoomKind.AskSupervisor) return this.syncMembers(room, memberIds);
    const result = await this.rooms.transaction(async (tx) => {
      const { room: row, created } = await this.rooms.ensure(room, tx);
      await this.rooms.lock(row.id, tx);
      const joined = await this.rooms.join(row.id, memberIds, tx);
      return { row, created, joined };
    });
    await this.announce(result.row.id, result.created, result.joined, []);
    return result.row;
  }

  /** Makes the room's current members exactly `desired` (the ask room follows the supervisors). */
  private async syncMembers(
    room: { kind: ChatRoomKind; roomKey: string; teamId: string | null },
    desired: string[],
  ): Promise<ChatRoomRow> {
    const result = await this.rooms.transaction(async (tx) => {
      const { room: row, created } = await this.rooms.ensure(room, tx);
      await this.rooms.lock(row.id, tx);
      const current = new Set(await this.rooms.currentMemberIds(row.id, tx));
      const wanted = new Set(desired);
      const joined = await this.rooms.join(
        row.id,
        desired.filter((id) => !current.has(id)),
        tx,
      );
      const left = await this.rooms.leave(
        row.id,
        [...current].filter((id) => !wanted.has(id)),
        tx,
      );
      return { row, created, joined, left };
    });
    await this.announce(result.row.id, result.created, result.joined, result.left);
    return result.row;
  }

  /** Tells the members, and those who just left, what changed. */
  private async announce(
    roomId: string,
    created: boolean,
    joined: ChatMemberRow[],
    left: ChatMemberRow[],
  ): Promise<void> {
    if (!created && joined.length === 0 && left.length === 0) return;
    const names = await this.rooms.names([...joined, ...left].map((row) => row.userId));
    const asView = (row: ChatMemberRow): ChatMemberView =>
      toMemberView({ ...row, name: names.get(row.userId) ?? '' });
    const memberIds = await this.rooms.orderedMemberIds(roomId);
    this.realtime.toAudiences(
      { users: [...new Set([...memberIds, ...left.map((row) => row.userId)])] },
      'chat:room-changed',
      {
        roomId,
        change: created ? 'created' : 'members',
        added: joined.map(asView),
        removed: left.map(asView),
        memberIds,
        at: new Date().toISOString(),
      },
    );
  }

  private async detailOf(userId: string, room: ChatRoomRow): Promise<ChatRoomDetailView> {
    const [members, unread] = await Promise.all([
      this.rooms.members(room.id),
      this.rooms.unreadByMember(room.id),
    ]);
    const memberIds = members.filter((row) => row.leftAt === null).map((row) => row.userId);
    const titles = await this.titles(userId, [{ ...room, memberIds }]);
    return {
      ...this.view(room, memberIds, unread.get(userId) ?? 0),
      title: titles.get(room.id) ?? '',
      members: members.map(toMemberView),
    };
  }

  private view(room: ChatRoomRow, memberIds: string[], unread: number): ChatRoomView {
    return {
      id: room.id,
      kind: room.kind as ChatRoomKind,
      title: '',
      teamId: room.teamId,
      memberIds,
      unread,
      lastActivityAt: (room.lastMessageAt ?? room.createdAt).toISOString(),
      createdAt: room.createdAt.toISOString(),
      archivedAt: room.archivedAt?.toISOString() ?? null,
    };
  }

  /** What each room is called for this user: its team, or the people in it. */
  private async titles(
    userId: string,
    rooms: Array<ChatRoomRow & { memberIds: string[] }>,
  ): Promise<Map<string, string>> {
    const names = await this.rooms.names([...new Set(rooms.flatMap((room) => room.memberIds))]);
    const teamNames = new Map<string, string>();
    for (const teamId of new Set(rooms.map((room) => room.teamId).filter((id) => id !== null))) {
      teamNames.set(teamId, (await this.teams.audienceOf(teamId))?.name ?? 'Team');
    }
    const others = (room: { memberIds: string[] }) =>
      room.memberIds
        .filter((id) => id !== userId)
        .map((id) => names.get(id) ?? '')
        .join(', ');
    return new Map(
      rooms.map((room) => {
        const team = room.teamId ? (teamNames.get(room.teamId) ?? 'Team') : '';
        switch (room.kind as ChatRoomKind) {
          case ChatRoomKind.Team:
            return [room.id, team];
          case ChatRoomKind.AskSupervisor:
            return [room.id, `Ask a supervisor (${team}): ${others(room)}`];
          case ChatRoomKind.Direct:
            return [room.id, others(room) || 'Only you'];
        }
        return [room.id, others(room)];
      }),
    );
  }
}
