import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AgentFiguresView } from '@poscalls4u/contracts';

import { MyFiguresComponent, comparedRows } from './my-figures';

const view = (period: AgentFiguresView['period']): AgentFiguresView => ({
  period,
  timeZone: 'Europe/Paris',
  from: '2026-03-25T00:00:00+01:00',
  to: '2026-04-01T00:00:00+02:00',
  own: {
    handled: 42,
    ahtSeconds: 251.3,
    averageHoldSeconds: 12.5,
    averageAfterCallWorkSeconds: 30,
    occupancyPercent: 71.4,
    successRatePercent: 64.3,
    averageQaScore: null,
  },
  teamAverage: {
    handled: 37.5,
    ahtSeconds: 230,
    averageHoldSeconds: 10,
    averageAfterCallWorkSeconds: 25,
    occupancyPercent: 68,
    successRatePercent: 60,
    averageQaScore: 4.2,
  },
  teamAgents: 8,
});

describe('MyFiguresComponent', () => {
  it('formats own and team figures side by side', () => {
    const rows = comparedRows(view('today'));
    expect(rows.map((row) => row.id)).toEqual([
      'handled',
      'aht',
      'hold',
      'acw',
      'occupancy',
      'success',
      'qa',
    ]);
    expect(rows[0]).toMatchObject({ own: '42', team: '37.5' });
    expect(rows[6]).toMatchObject({ own: '—', team: '4.2' });
  });

  it('loads the last 7 days, then the period picked', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(MyFiguresComponent);
    http
      .expectOne('/api/workforce/agents/me/figures?period=last-7-days')
      .flush({ success: true, data: { figures: view('last-7-days') } });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const handled = () =>
      element.querySelector('[data-testid="my-figures-row-handled"]')?.textContent ?? '';
    expect(handled()).toContain('42');
    expect(handled()).toContain('37.5');

    element.querySelector<HTMLButtonElement>('[data-testid="my-figures-today"] button')?.click();
    await fixture.whenStable();
    http.expectOne('/api/workforce/agents/me/figures?period=today').flush({
      success: true,
      data: { figures: { ...view('today'), own: { ...view('today').own, handled: 3 } } },
    });
    await fixture.whenStable();
    expect(handled()).toContain('3');
    http.verify();
  });
});
