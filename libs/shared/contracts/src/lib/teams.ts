import { PageQuery } from './envelope';

/** A member's role inside one team (their organisation role is separate). */
export const TeamRole = {
  Supervisor: 'supervisor',
  Agent: 'agent',
} as const;

export type TeamRole = (typeof TeamRole)[keyof typeof TeamRole];

export const TEAM_ROLES: readonly TeamRole[] = [TeamRole.Supervisor, TeamRole.Agent];

export interface TeamMemberView {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  joinedAt: string;
}

/** A team, which is also a call queue with its service-level target. */
export interface TeamView {
  id: string;
  name: string;
  description: string | null;
  /** Null: no limit. */
  maxMembers: number | null;
  memberCount: number;
  /** Percent of calls to answer within `serviceLevelThresholdSeconds` (80 % in 20 s by default). */
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface TeamDetailView extends TeamView {
  members: TeamMemberView[];
}

export interface CreateTeamRequest {
  name: string;
  description?: string;
  maxMembers?: number;
  serviceLevelTargetPercent?: number;
  serviceLevelThresholdSeconds?: number;
}

export type UpdateTeamRequest = Partial<CreateTeamRequest>;

/** Filters of `GET /api/teams`, with `page` and `pageSize`. */
export interface ListTeamsQuery extends PageQuery {
  /** Admins only: include archived teams. */
  includeArchived?: boolean;
}

/**
 * `data` of `POST /api/teams`, `GET/PUT /api/teams/:id` and the member routes: the team with its
 * members, read as `data.team`.
 */
export interface TeamResult {
  team: TeamDetailView;
}

/** `data` of `DELETE /api/teams/:id`: the archived team, without its members. */
export interface ArchivedTeamResult {
  team: TeamView;
}

export interface AddTeamMemberRequest {
  userId: string;
  role: TeamRole;
}
