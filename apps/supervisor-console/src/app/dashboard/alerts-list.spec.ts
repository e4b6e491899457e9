import { TestBed } from '@angular/core/testing';

import { AlertView } from '@poscalls4u/contracts';

import { AlertsListComponent } from './alerts-list';

const alert = (overrides: Partial<AlertView>): AlertView => ({
  id: 'service_level:t1',
  kind: 'service_level',
  teamId: 't1',
  level: 'critical',
  message: 'Support: service level 46.7 % is below 80 %',
  since: '2026-12-07T08:00:00.000Z',
  ...overrides,
});

describe('alerts list', () => {
  it("lists the server's alerts, each once, with their current words", async () => {
    const fixture = TestBed.createComponent(AlertsListComponent);
    fixture.componentRef.setInput('alerts', [
      alert({}),
      alert({
        id: 'long_wait:t1:c1',
        kind: 'long_wait',
        level: 'warning',
        message: 'Support: a call from +15550100 has waited over 60 s',
      }),
    ]);
    fixture.componentRef.setInput('teamNames', new Map([['t1', 'Support']]));
    await fixture.whenStable();

    const items = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid^="alert-"]'),
    ).map((item) => item.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Critical: Support: service level 46.7 % is below 80 % (Support)',
      'Warning: Support: a call from +15550100 has waited over 60 s (Support)',
    ]);

    // The condition ended on the server: the next list has it no more.
    fixture.componentRef.setInput('alerts', [alert({})]);
    await fixture.whenStable();
    expect(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid^="alert-"]'),
    ).toHaveLength(1);
  });

  it('says so when there is none', async () => {
    const fixture = TestBed.createComponent(AlertsListComponent);
    fixture.componentRef.setInput('alerts', []);
    await fixture.whenStable();
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="no-alerts"]'),
    ).not.toBeNull();
  });
});
