import { QueuePosition } from './calls';

/**
 * Skills-based routing: the organisation's catalogue of skills, agents' proficiency in them
 * (1 basic to 5 expert), and what a team's calls require by default. See README "Calls".
 */

export const SKILL_LEVEL_MIN = 1;
export const SKILL_LEVEL_MAX = 5;
/** How long a call waits before its skill requirement widens one step, unless the team says. */
export const DEFAULT_WIDEN_AFTER_SECONDS = 30;
/** Where calls transferred to a team's queue take their place unless the transfer says. */
export const DEFAULT_TRANSFERRED_CALLS: QueuePosition = 'keep';
/** Most skills one agent holds, or one team requires. */
export const MAX_SKILLS_PER_LIST = 20;

export interface SkillView {
  id: string;
  /** Unique in the organisation, case-insensitively. */
  name: string;
  description: string | null;
  createdAt: string;
}

/** `POST /api/skills` (holders of `skills:manage`). */
export interface CreateSkillRequest {
  name: string;
  description?: string;
}

/** `data` of `POST /api/skills`. */
export interface SkillResult {
  skill: SkillView;
}

/** One skill an agent has, at a level. */
export interface AgentSkill {
  skillId: string;
  name: string;
  level: number;
}

export interface AgentSkillsView {
  userId: string;
  skills: AgentSkill[];
}

/** `PUT /api/skills/agents/:userId`: the agent's skills, all of them (replaces the list). */
export interface SetAgentSkillsRequest {
  skills: { skillId: string; level: number }[];
}

/** `data` of `GET/PUT /api/skills/agents/:userId`. */
export interface AgentSkillsResult {
  agent: AgentSkillsView;
}

/** A skill a call requires, at a minimum level. */
export interface RequiredSkill {
  skillId: string;
  minLevel: number;
}

export interface TeamRoutingView {
  teamId: string;
  /** What the team's calls require unless the PBX says otherwise; empty: any agent. */
  requiredSkills: (RequiredSkill & { name: string })[];
  /** Seconds a call waits before its requirement widens one step (level lowered, then none). */
  widenAfterSeconds: number;
  /**
   * Calls transferred to the team (to its queue, or to one of its agents who does not answer):
   * `keep` their place (their original arrival time) or go to the `back` of the queue. A
   * transfer to the queue may choose otherwise (`TransferCallRequest.queuePosition`).
   */
  transferredCalls: QueuePosition;
}

/** `PUT /api/skills/teams/:teamId`. */
export interface UpdateTeamRoutingRequest {
  requiredSkills: RequiredSkill[];
  /** 5-3600; default 30. */
  widenAfterSeconds?: number;
  /** Unchanged when omitted; `keep` for a team never set. */
  transferredCalls?: QueuePosition;
}

/** `data` of `GET/PUT /api/skills/teams/:teamId`. */
export interface TeamRoutingResult {
  routing: TeamRoutingView;
}
