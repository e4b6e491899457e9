import { Injectable } from '@nestjs/common';

import {
  RealtimeRoom,
  ServerToClientEvents,
  TEAM_EVENT_PERMISSIONS,
  TeamPermission,
} from '@poscalls4u/contracts';

import { RealtimeGateway } from './realtime.gateway';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How feature modules push events: to a user, a team, or every supervisor — on all instances.
 * A team event gated by a team permission (`TEAM_EVENT_PERMISSIONS`) goes to the members who
 * hold it there only.
 */
@Injectable()
export class RealtimeService {
  constructor(private readonly gateway: RealtimeGateway) {}

  toUser<E extends EventName>(userId: string, event: E, payload: Payload<E>): void {
    this.emit(RealtimeRoom.user(userId), event, payload);
  }

  toTeam<E extends EventName>(teamId: string, event: E, payload: Payload<E>): void {
    this.emit(teamRoom(event, teamId), event, payload);
  }

  /** To the wallboards showing a team (wallboard credentials hear nothing else). */
  toWallboards<E extends EventName>(teamId: string, event: E, payload: Payload<E>): void {
    this.emit(RealtimeRoom.wallboardTeam(teamId), event, payload);
  }

  toSupervisors<E extends EventName>(event: E, payload: Payload<E>): void {
    this.emit(RealtimeRoom.supervisors, event, payload);
  }

  /**
   * One event to several audiences at once: a socket in more than one of them (an agent in their
   * user room and their team's room, a supervisor in a team) receives it once, not once per room.
   */
  toAudiences<E extends EventName>(
    audiences: { users?: string[]; teams?: string[]; supervisors?: boolean; admins?: boolean },
    event: E,
    payload: Payload<E>,
  ): void {
    const rooms = [
      ...(audiences.users ?? []).map(RealtimeRoom.user),
      ...(audiences.teams ?? []).map((teamId) => teamRoom(event, teamId)),
      ...(audiences.supervisors ? [RealtimeRoom.supervisors] : []),
      ...(audiences.admins ? [RealtimeRoom.admins] : []),
    ];
    if (rooms.length > 0) this.emit(rooms, event, payload);
  }

  /** Sockets connected to this instance now (for metrics). */
  connectionCount(): number {
    return this.gateway.server.sockets.sockets.size;
  }

  /**
   * Closes every socket's connection to this instance without ending its session (graceful
   * shutdown): Socket.IO clients reconnect by themselves ("transport close"), through the load
   * balancer to another instance, and recover what they missed there.
   */
  reconnectEveryone(): void {
    for (const socket of this.gateway.server.sockets.sockets.values()) socket.conn.close();
  }

  private emit<E extends EventName>(room: string | string[], event: E, payload: Payload<E>): void {
    // The typed server insists on a tuple per event; the maps above keep the pairing right.
    (this.gateway.server.to(room).emit as (event: string, payload: unknown) => boolean)(
      event,
      payload,
    );
  }
}

function teamRoom(event: EventName, teamId: string): string {
  const gate = (TEAM_EVENT_PERMISSIONS as Partial<Record<EventName, TeamPermission>>)[event];
  return gate ? RealtimeRoom.teamPermission(teamId, gate) : RealtimeRoom.team(teamId);
}
