import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { ForecastInterval, ForecastView } from '@poscalls4u/contracts';

import { ForecastPage } from './forecast.page';

const interval = (start: string, end: string, actual: number | null): ForecastInterval => ({
  start,
  end,
  forecastArrivals: 4,
  forecastAhtSeconds: 140,
  requiredAgents: 2,
  scheduledAgents: 3,
  actualArrivals: actual,
  actualAhtSeconds: actual === null ? null : 90,
});

const FORECAST: ForecastView = {
  teamId: 't1',
  teamName: 'Support',
  timeZone: 'Europe/Paris',
  date: '2026-12-01',
  intervalMinutes: 30,
  weeks: 4,
  shrinkage: 0.3,
  serviceLevelTargetPercent: 80,
  serviceLevelThresholdSeconds: 20,
  historyDates: ['2026-11-24', '2026-11-17', '2026-11-10', '2026-11-03'],
  intervals: [
    interval('2026-12-01T10:00:00+01:00', '2026-12-01T10:30:00+01:00', 3),
    interval('2026-12-01T10:30:00+01:00', '2026-12-01T11:00:00+01:00', null),
  ],
  accuracy: { intervals: 1, mapePercent: 33.33, wapePercent: 25 },
};

describe('ForecastPage', () => {
  let fixture: ComponentFixture<ForecastPage>;
  let http: HttpTestingController;

  const element = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => element().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function set(id: string, value: string, event = 'input'): Promise<void> {
    const field = byTestId(id) as HTMLInputElement | HTMLSelectElement;
    field.value = value;
    field.dispatchEvent(new Event(event));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ForecastPage);
    // The teams to pick from: the caller's, as the dashboard lists them.
    http.expectOne('/api/stats/dashboard').flush({
      success: true,
      data: {
        dashboard: {
          teams: [
            { teamId: 't1', name: 'Support' },
            { teamId: 't2', name: 'Sales' },
          ],
        },
      },
    });
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('asks for the chosen team, day and interval and shows the plan and its error', async () => {
    await set('forecast-date', '2026-12-01');
    await set('forecast-interval', '1: 30', 'change');
    await set('forecast-weeks', '4');
    await set('forecast-shrinkage', '30');
    byTestId('forecast-show')?.click();
    await fixture.whenStable();

    const request = http.expectOne((r) => r.url === '/api/workforce/forecast');
    expect(request.request.params.toString()).toBe(
      'teamId=t1&date=2026-12-01&intervalMinutes=30&weeks=4&shrinkage=0.3',
    );
    request.flush({ success: true, data: { forecast: FORECAST } });
    await fixture.whenStable();

    expect(byTestId('forecast-mape')?.textContent?.trim()).toBe('33.33 %');
    expect(byTestId('forecast-wape')?.textContent?.trim()).toBe('25 %');
    expect(byTestId('forecast-chart')).not.toBeNull();
    const first = byTestId('forecast-row-10:00')?.textContent ?? '';
    expect(first).toContain('3');
    expect(first).toContain('140');
    const later = byTestId('forecast-row-10:30')?.textContent ?? '';
    expect(later).toContain('—');
  });

  it('downloads the same plan as CSV', async () => {
    const created = jest.fn(() => 'blob:forecast');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: jest.fn() });
    // jsdom cannot follow the download link; the browser suite does.
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    byTestId('forecast-export')?.click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.url === '/api/workforce/forecast');
    expect(request.request.params.get('format')).toBe('csv');
    expect(request.request.params.get('teamId')).toBe('t1');
    request.flush(new Blob(['team,start\n']));
    await fixture.whenStable();
    expect(created).toHaveBeenCalled();
    expect(clicked).toHaveBeenCalled();
    clicked.mockRestore();
  });

  it("shows the API's refusal", async () => {
    byTestId('forecast-show')?.click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.url === '/api/workforce/forecast')
      .flush(
        { success: false, error: { code: 'NOT_FOUND', message: 'No such team.' } },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(byTestId('forecast-error')?.textContent).toContain('No such team.');
  });
});
