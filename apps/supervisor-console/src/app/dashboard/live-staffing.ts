import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { TeamDashboard } from '@poscalls4u/contracts';

/**
 * Live staffing per team: the agents the last 30 minutes' traffic needs for the team's service
 * level (Erlang C), beside the agents available and those taking calls. Understaffed shows in
 * words and an icon as well as in colour.
 */
@Component({
  selector: 'pc-live-staffing',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="pc-staffing" data-testid="live-staffing">
      <thead>
        <tr>
          <th scope="col">Team</th>
          <th scope="col">Agents needed now</th>
          <th scope="col">Available</th>
          <th scope="col">Staffed</th>
          <th scope="col">Last 30 min</th>
        </tr>
      </thead>
      <tbody>
        @for (team of teams(); track team.teamId) {
          <tr
            [attr.data-testid]="'staffing-' + team.teamId"
            [class.pc-staffing--short]="team.staffing.understaffed"
          >
            <th scope="row">{{ team.name }}</th>
            <td data-testid="staffing-needed" [attr.data-value]="team.staffing.agentsNeeded ?? ''">
              {{ team.staffing.agentsNeeded ?? '–' }}
              @if (team.staffing.understaffed) {
                <span class="pc-staffing__flag"
                  ><span aria-hidden="true">▼</span> Understaffed</span
                >
              }
            </td>
            <td data-testid="staffing-available">{{ team.staffing.agentsAvailable }}</td>
            <td data-testid="staffing-staffed">{{ team.staffing.agentsStaffed }}</td>
            <td class="pc-staffing__traffic">
              {{ team.staffing.arrivalsLast30Minutes }} calls · AHT
              {{ team.staffing.ahtSeconds === null ? '–' : team.staffing.ahtSeconds + ' s' }} ·
              {{ team.staffing.serviceLevelTargetPercent }} % in
              {{ team.staffing.serviceLevelThresholdSeconds }} s
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .pc-staffing {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    th,
    td {
      padding: 0.375rem 0.5rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
    }
    .pc-staffing--short td[data-testid='staffing-needed'] {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .pc-staffing__flag {
      margin-left: 0.5rem;
    }
    .pc-staffing__traffic {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class LiveStaffingComponent {
  readonly teams = input.required<TeamDashboard[]>();
}
