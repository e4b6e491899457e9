import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';

import { CallStatsView, KpiFigures, effectivePermissions } from '@poscalls4u/contracts';
import { initialAuthState } from '@poscalls4u/web-auth';
import { IntervalChartComponent } from '@poscalls4u/web-stats';

import { ReportsPage } from './reports.page';

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
});
