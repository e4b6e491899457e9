import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { AgentSkillsView } from '@poscalls4u/contracts';
import { apiUrl, getAllPages } from '@poscalls4u/web-core';

/** Skills-based routing's reads for the supervisor console. */
@Injectable({ providedIn: 'root' })
export class SkillsApi {
  private readonly http = inject(HttpClient);

  /** The skills of the agents in the teams the supervisor manages (all pages). */
  agentsSkills(): Observable<AgentSkillsView[]> {
    return getAllPages<AgentSkillsView>(this.http, apiUrl('skills/agents'));
  }
}

/** An agent's skills in a few words: "French 4 · Spanish 2". */
export function skillsSummary(skills: readonly { name: string; level: number }[]): string {
  return skills.map((skill) => `${skill.name} ${skill.level}`).join(' · ');
}
