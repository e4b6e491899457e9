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

/** The placeholder of a team's CRM URL template that stands for the caller's number. */
export const CRM_FROM_PLACEHOLDER = '{from}';

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
  /**
   * The team's CRM search for a caller, shown to its agents on an offer: an https URL where
   * `{from}` stands for the caller's number; null when none.
   */
  crmUrlTemplate: string | null;
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
  /** `https://crm.example.com/search?phone={from}`; null or empty removes it. */
  crmUrlTemplate?: string | null;
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
