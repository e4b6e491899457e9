import { FormControl, FormGroup } from '@angular/forms';

import { TeamDetailView, TeamSecurityProfile, effectivePermissions } from '@poscalls4u/contracts';

import { serverError, showApiFailure } from '../shared/api-form-errors';
import { canManageTeam } from './team-detail.page';
import { teamForm, teamRequest } from './team-form';
import { matchTeams } from './teams.page';

function aTeam(overrides: Partial<TeamDetailView> = {}): TeamDetailView {
  return {
    id: 't1',
    name: 'Support',
    description: 'First line',
    maxMembers: null,
    memberCount: 1,
    serviceLevelTargetPercent: 80,
    serviceLevelThresholdSeconds: 20,
    crmUrlTemplate: null,
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
    archivedAt: null,
    members: [
      {
        userId: 'sup',
        name: 'Sam',
        email: 'sam@poscalls4u.test',
        role: 'supervisor',
        joinedAt: '2026-12-01T08:00:00.000Z',
      },
      {
        userId: 'ag',
        name: 'Amara',
        email: 'amara@poscalls4u.test',
        role: 'agent',
        joinedAt: '2026-12-01T08:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

describe('teams screen', () => {
  it('lets admins and the team supervisors manage a team, nobody an archived one', () => {
    const admin = effectivePermissions('admin', []);
    const supervisorOf = (profile: TeamSecurityProfile | null) =>
      effectivePermissions('supervisor', [{ teamId: 't1', teamRole: 'supervisor', profile }]);
    expect(canManageTeam(aTeam(), admin)).toBe(true);
    expect(canManageTeam(aTeam(), supervisorOf(null))).toBe(true);
    // The team's profile withholds team:members from its supervisors: they only read.
    const withheld = {
      agents: { grant: [], withhold: [] },
      supervisors: { grant: [], withhold: ['team:members' as const] },
    };
    expect(canManageTeam(aTeam(), supervisorOf(withheld))).toBe(false);
    // A supervisor who is an agent of the team, or not in it, only reads.
    expect(
      canManageTeam(
        aTeam(),
        effectivePermissions('supervisor', [{ teamId: 't1', teamRole: 'agent', profile: null }]),
      ),
    ).toBe(false);
    expect(canManageTeam(aTeam(), effectivePermissions('supervisor', []))).toBe(false);
    expect(canManageTeam(aTeam({ archivedAt: '2026-12-02T08:00:00.000Z' }), admin)).toBe(false);
    expect(canManageTeam(aTeam(), null)).toBe(false);
  });

  it('searches teams by name or description, in any case', () => {
    const teams = [aTeam(), aTeam({ id: 't2', name: 'Sales', description: null })];
    expect(matchTeams(teams, 'sal').map((team) => team.id)).toEqual(['t2']);
    expect(matchTeams(teams, 'FIRST').map((team) => team.id)).toEqual(['t1']);
    expect(matchTeams(teams, '  ')).toHaveLength(2);
  });

  it('turns the form into a request, leaving an empty limit out', () => {
    const form = teamForm();
    form.setValue({
      name: '  Escalations ',
      description: '',
      maxMembers: null,
      serviceLevelTargetPercent: 90,
      serviceLevelThresholdSeconds: 30,
      crmUrlTemplate: ' https://crm.example.com/search?phone={from} ',
    });
    expect(teamRequest(form)).toEqual({
      name: 'Escalations',
      description: '',
      serviceLevelTargetPercent: 90,
      serviceLevelThresholdSeconds: 30,
      crmUrlTemplate: 'https://crm.example.com/search?phone={from}',
    });
    form.controls.maxMembers.setValue(0);
    expect(form.controls.maxMembers.invalid).toBe(true);
    form.controls.serviceLevelTargetPercent.setValue(80.5);
    expect(form.controls.serviceLevelTargetPercent.invalid).toBe(true);
  });

  it("puts the API's validation details on the fields they name", () => {
    const form = new FormGroup({
      from: new FormControl(''),
      timeZone: new FormControl(''),
    });
    const message = showApiFailure(
      form,
      {
        status: 400,
        code: 'VALIDATION_ERROR',
        message: 'The request is invalid.',
        details: [
          { field: 'from', messages: ['from must be before to'] },
          { field: 'settings.timeZone', messages: ['unknown time zone "Mars/Base"'] },
          { field: 'body', messages: ['at most 400 days'] },
        ],
      },
      'Not saved.',
    );
    expect(serverError(form, 'from')).toBe('from must be before to');
    expect(serverError(form, 'timeZone')).toBe('unknown time zone "Mars/Base"');
    // The form's message says what is wrong, not only "The request is invalid."
    expect(message).toBe('from must be before to unknown time zone "Mars/Base" at most 400 days');
    expect(
      showApiFailure(form, { status: 409, code: 'TEAM_FULL', message: 'The team is full.' }, 'x'),
    ).toBe('The team is full.');
  });
});
