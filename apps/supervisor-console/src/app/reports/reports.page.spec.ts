import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MockStore, provideMockStore } from '@ngrx/store/testing';

import { CallStatsView, KpiFigures, effectivePermissions } from '@poscalls4u/contracts';
import { initialAuthState } from '@poscalls4u/web-auth';
import { IntervalChartComponent } from '@poscalls4u/web-stats/chart';

import { ReportsPage, presetRange } from './reports.page';

/** Chart.js draws on a canvas jsdom does not have; the chart is not what these tests check. */
@Component({ selector: 'pc-interval-chart', template: '' })
class FakeChartComponent {
  readonly points = input<unknown>();
  readonly timeZone = input<unknown>();
  readonly interval = input<unknown>();
}

const figures: KpiFigures = {
  offered: 0,
  answered: 4,
  answeredWithinThreshold: 3,
  abandoned: 0,
  shortAbandoned: 0,
  serviceLevelPercent: null,
  abandonmentRatePercent: null,
  asaSeconds: 6,
  averageWaitSeconds: 6,
  longestWaitSeconds: 9,
  handled: 4,
  ahtSeconds: 95,
  averageTalkSeconds: 80,
  averageHoldSeconds: 0,
  averageAfterCallWorkSeconds: 15,
  outbound: 0,
  successes: 3,
  successRatePercent: 75,
  transfersIn: 0,
  transfersOut: 0,
  transferRatePercent: 0,
  qaReviews: 0,
  averageQaScore: null,
  occupancyPercent: 50,
  timeInState: { availableSeconds: 0, onCallSeconds: 0, wrapUpSeconds: 0, breakSeconds: 0 },
};

function aReport(groupBy: 'team' | 'agent'): CallStatsView {
  return {
    timeZone: 'UTC',
    from: '2026-12-01T00:00:00.000Z',
    to: '2026-12-08T00:00:00.000Z',
    interval: '1d',
    totals: figures,
    series: [{ start: '2026-12-01T00:00:00.000Z', end: '2026-12-02T00:00:00.000Z', figures }],
    groupBy,
    breakdown: [{ key: 'a1', label: 'Amara Okafor', figures }],
  };
}

describe('ReportsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ReportsPage>;

  const byTestId = (id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const allByTestId = (id: string) =>
    Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
    );

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        // A signed-in admin: every permission, the CSV export included.
        provideMockStore({
          initialState: {
            auth: {
              ...initialAuthState,
              status: 'signed-in',
              user: { id: 'u1', name: 'Admin', email: 'admin@example.test', role: 'admin' },
              permissions: effectivePermissions('admin', []),
            },
          },
        }),
      ],
    });
    TestBed.overrideComponent(ReportsPage, {
      remove: { imports: [IntervalChartComponent] },
      add: { imports: [FakeChartComponent] },
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReportsPage);
    await fixture.whenStable();
    http
      .expectOne('/api/stats/dashboard')
      .flush({ success: true, data: { dashboard: { teams: [], agents: [] } } });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function showReport(answer: (request: ReturnType<typeof http.expectOne>) => void) {
    byTestId('report-show')?.click();
    await fixture.whenStable();
    answer(http.expectOne((request) => request.url === '/api/stats/calls'));
    await fixture.whenStable();
  }

  it("shows the API's reason at the field and clears the previous report", async () => {
    await showReport((request) =>
      request.flush({ success: true, data: { report: aReport('team') } }),
    );
    expect(byTestId('report-table')).not.toBeNull();

    await showReport((request) =>
      request.flush(
        {
          success: false,
          error: {
            code: 'VALIDATION_ERROR',
            message: 'The request is invalid.',
            details: [{ field: 'from', messages: ['from must be before to'] }],
          },
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );
    expect(byTestId('report-error')?.textContent?.trim()).toBe('from must be before to');
    expect(byTestId('report-from-error')?.textContent?.trim()).toBe('from must be before to');
    expect(byTestId('report-from')?.getAttribute('aria-invalid')).toBe('true');
    // The old report would read as the answer to the refused question.
    expect(byTestId('report-table')).toBeNull();
  });

  it('shows queue figures as not applicable in an agent report', async () => {
    await showReport((request) =>
      request.flush({ success: true, data: { report: aReport('agent') } }),
    );
    const offered = allByTestId('report-offered').map((cell) => cell.textContent?.trim());
    expect(offered.length).toBeGreaterThan(0);
    expect(new Set(offered)).toEqual(new Set(['n/a']));
    expect(byTestId('report-agent-note')).not.toBeNull();
  });

  it('shows the offered calls in a team report', async () => {
    await showReport((request) =>
      request.flush({ success: true, data: { report: aReport('team') } }),
    );
    expect(allByTestId('report-offered').map((cell) => cell.textContent?.trim())).toContain('0');
  });

  it("offers the CSV export only to who holds calls:export (a team's profile may withhold it)", async () => {
    expect(byTestId('report-export')).not.toBeNull();
    const store = TestBed.inject(MockStore);
    const withheld = effectivePermissions('supervisor', [
      {
        teamId: 't1',
        teamRole: 'supervisor',
        profile: {
          agents: { grant: [], withhold: [] },
          supervisors: { grant: [], withhold: ['calls:export'] },
        },
      },
    ]);
    store.setState({
      auth: {
        ...initialAuthState,
        status: 'signed-in',
        user: { id: 'u2', name: 'Sam', email: 'sam@example.test', role: 'supervisor' },
        permissions: withheld,
      },
    });
    await fixture.whenStable();
    expect(byTestId('report-export')).toBeNull();
  });

  it('names the days of the report as picked (a range ending Dec 7 ends on Dec 7)', async () => {
    await showReport((request) =>
      request.flush({ success: true, data: { report: aReport('team') } }),
    );
    expect(byTestId('report-range')?.textContent?.trim()).toBe('Dec 1, 2026 – Dec 7, 2026');
  });

  it('says it is loading, and a preset asks for its days at once', async () => {
    byTestId('preset-yesterday')?.click();
    await fixture.whenStable();
    expect(byTestId('report-loading')?.textContent?.trim()).toBe('Loading the report…');
    expect(byTestId('report-show')?.textContent?.trim()).toBe('Loading…');
    const request = http.expectOne((r) => r.url === '/api/stats/calls');
    const yesterday = presetRange('yesterday', new Date()).from;
    const iso = `${String(yesterday.getFullYear())}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    expect(request.request.params.get('from')).toBe(iso);
    expect(request.request.params.get('to')).toBe(iso);
    request.flush({ success: true, data: { report: aReport('team') } });
    await fixture.whenStable();
    expect(byTestId('report-loading')).toBeNull();
  });
});

describe('date presets', () => {
  const today = new Date(2026, 11, 7, 15, 30);
  const day = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()];

  it.each([
    ['today', [2026, 12, 7], [2026, 12, 7]],
    ['yesterday', [2026, 12, 6], [2026, 12, 6]],
    ['last7', [2026, 12, 1], [2026, 12, 7]],
    ['thisMonth', [2026, 12, 1], [2026, 12, 7]],
    ['lastMonth', [2026, 11, 1], [2026, 11, 30]],
  ] as const)('%s runs from %j to %j', (preset, from, to) => {
    const range = presetRange(preset, today);
    expect(day(range.from)).toEqual(from);
    expect(day(range.to)).toEqual(to);
  });

  it('crosses the year for last month in January', () => {
    const range = presetRange('lastMonth', new Date(2027, 0, 15));
    expect(day(range.from)).toEqual([2026, 12, 1]);
    expect(day(range.to)).toEqual([2026, 12, 31]);
  });
});
