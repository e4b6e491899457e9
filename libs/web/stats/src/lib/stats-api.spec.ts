import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { CallStatsView, StatsReportView, TeamAlertThresholds } from '@poscalls4u/contracts';

import { aDashboard, aFigures } from '../testing/fixtures';
import { ReportQuery, StatsApi } from './stats-api';

const ok = (data: unknown) => ({ success: true, data });

const QUERY: ReportQuery = {
  from: '2026-11-24',
  to: '2026-11-25',
  interval: '1h',
  groupBy: 'team',
  teamIds: ['t1', 't2'],
};

const REPORT: StatsReportView = {
  timeZone: 'Europe/Paris',
  from: '2026-11-23T23:00:00.000Z',
  to: '2026-11-24T23:00:00.000Z',
  interval: '1h',
  totals: aFigures(),
  series: [],
};

describe('StatsApi', () => {
  let api: StatsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(StatsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the dashboard from data.dashboard', async () => {
    const dashboard = firstValueFrom(api.dashboard());
    http.expectOne('/api/stats/dashboard').flush(ok({ dashboard: aDashboard() }));
    expect(await dashboard).toEqual(aDashboard());
  });

  it('reads team and agent reports from data.report, asking for the range only', async () => {
    const team = firstValueFrom(api.team('t 1', QUERY));
    const teamRequest = http.expectOne((request) => request.url === '/api/stats/teams/t%201');
    expect(teamRequest.request.params.keys()).toEqual(['from', 'to', 'interval']);
    teamRequest.flush(ok({ report: REPORT }));
    expect(await team).toEqual(REPORT);

    const agent = firstValueFrom(api.agent('a1', QUERY));
    http
      .expectOne((request) => request.url === '/api/stats/agents/a1')
      .flush(ok({ report: REPORT }));
    expect(await agent).toEqual(REPORT);
  });

  it('reads the call statistics from data.report, with the ids comma-separated', async () => {
    const breakdown: CallStatsView = {
      ...REPORT,
      groupBy: 'team',
      breakdown: [{ key: 't1', label: 'Support', figures: aFigures() }],
    };
    const calls = firstValueFrom(api.calls(QUERY));
    const request = http.expectOne((candidate) => candidate.url === '/api/stats/calls');
    expect(request.request.params.get('teamId')).toBe('t1,t2');
    expect(request.request.params.get('groupBy')).toBe('team');
    request.flush(ok({ report: breakdown }));
    expect(await calls).toEqual(breakdown);
  });

  it('reads and saves alert thresholds and organisation settings by their names', async () => {
    const thresholds: TeamAlertThresholds = {
      serviceLevelBelowPercent: 70,
      callWaitingLongerThanSeconds: null,
      agentOnBreakLongerThanMinutes: 30,
    };
    const read = firstValueFrom(api.alertThresholds('t1'));
    http.expectOne('/api/teams/t1/alert-thresholds').flush(ok({ thresholds }));
    expect(await read).toEqual(thresholds);

    const saved = firstValueFrom(api.saveAlertThresholds('t1', thresholds));
    const put = http.expectOne('/api/teams/t1/alert-thresholds');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual(thresholds);
    put.flush(ok({ thresholds }));
    expect(await saved).toEqual(thresholds);

    const settings = { timeZone: 'Europe/Paris', shortAbandonSeconds: 5, showAssistToAgents: true };
    const organization = firstValueFrom(api.organization());
    http.expectOne('/api/settings/organization').flush(ok({ settings }));
    expect(await organization).toEqual(settings);

    const savedOrganization = firstValueFrom(api.saveOrganization(settings));
    http.expectOne('/api/settings/organization').flush(ok({ settings }));
    expect(await savedOrganization).toEqual(settings);
  });
});
