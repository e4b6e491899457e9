import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AgentSkillsResult,
  AgentSkillsView,
  CreateSkillRequest,
  RequiredSkill,
  SetAgentSkillsRequest,
  SkillResult,
  SkillView,
  SuccessEnvelope,
  TeamRoutingResult,
  TeamRoutingView,
  UpdateTeamRoutingRequest,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

const SKILLS_URL = apiUrl('skills');

/** Skills-based routing's routes for the supervisor console, unwrapped. */
@Injectable({ providedIn: 'root' })
export class SkillsApi {
  private readonly http = inject(HttpClient);

  /** The organisation's skills catalogue (all pages). */
  catalogue(): Observable<SkillView[]> {
    return getAllPages<SkillView>(this.http, SKILLS_URL);
  }

  createSkill(request: CreateSkillRequest): Observable<SkillView> {
    return this.http.post<SuccessEnvelope<SkillResult>>(SKILLS_URL, request).pipe(
      unwrapEnvelope(),
      map(({ skill }) => skill),
    );
  }

  deleteSkill(id: string): Observable<void> {
    return this.http.delete<void>(`${SKILLS_URL}/${encodeURIComponent(id)}`);
  }

  /** The skills of the agents in the teams the supervisor manages (all pages). */
  agentsSkills(): Observable<AgentSkillsView[]> {
    return getAllPages<AgentSkillsView>(this.http, `${SKILLS_URL}/agents`);
  }

  /** Replaces the agent's skills with these. */
  setAgentSkills(userId: string, request: SetAgentSkillsRequest): Observable<AgentSkillsView> {
    return this.http
      .put<SuccessEnvelope<AgentSkillsResult>>(
        `${SKILLS_URL}/agents/${encodeURIComponent(userId)}`,
        request,
      )
      .pipe(
        unwrapEnvelope(),
        map(({ agent }) => agent),
      );
  }

  teamRouting(teamId: string): Observable<TeamRoutingView> {
    return this.http
      .get<SuccessEnvelope<TeamRoutingResult>>(`${SKILLS_URL}/teams/${encodeURIComponent(teamId)}`)
      .pipe(
        unwrapEnvelope(),
        map(({ routing }) => routing),
      );
  }

  setTeamRouting(teamId: string, request: UpdateTeamRoutingRequest): Observable<TeamRoutingView> {
    return this.http
      .put<SuccessEnvelope<TeamRoutingResult>>(
        `${SKILLS_URL}/teams/${encodeURIComponent(teamId)}`,
        request,
      )
      .pipe(
        unwrapEnvelope(),
        map(({ routing }) => routing),
      );
  }
}

/** An agent's skills in a few words: "French 4 · Spanish 2". */
export function skillsSummary(skills: readonly { name: string; level: number }[]): string {
  return skills.map((skill) => `${skill.name} ${skill.level}`).join(' · ');
}

/** One step of a team's widening: from `fromSeconds` of waiting, what a call requires. */
export interface WideningStep {
  fromSeconds: number;
  /** Empty: any agent of the team. */
  requires: (RequiredSkill & { name: string })[];
}

/**
 * The steps a call of the team goes through while it waits, as the ACD applies them: every
 * `widenAfterSeconds` each required level drops by one, a requirement below 1 is dropped, and
 * the last step (nothing required) lets any agent of the team take it.
 */
export function wideningSteps(
  required: readonly (RequiredSkill & { name: string })[],
  widenAfterSeconds: number,
): WideningStep[] {
  const steps: WideningStep[] = [];
  for (let step = 0; ; step += 1) {
    const requires = required
      .map((item) => ({ ...item, minLevel: item.minLevel - step }))
      .filter((item) => item.minLevel >= 1);
    steps.push({ fromSeconds: step * widenAfterSeconds, requires });
    if (requires.length === 0) return steps;
  }
}
