import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { AgentGridRow } from '@poscalls4u/contracts';

import { AgentGridComponent, currentCallStateLabel, timeInState } from './agent-grid';

function aRow(overrides: Partial<AgentGridRow>): AgentGridRow {
  return {
    userId: 'u1',
    name: 'Amara Okafor',
    teamIds: ['t1'],
    status: 'offline',
    reason: null,
    since: '2026-12-07T08:00:00.000Z',
    currentCall: null,
    handledToday: 0,
    ahtSecondsToday: null,
    ...overrides,
  };
}

describe('agent grid', () => {
  const now = Date.parse('2026-12-07T08:01:05.000Z');

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  it('shows no time in state for an agent who never signed in (dated 1970 by the API)', async () => {
    const fixture = TestBed.createComponent(AgentGridComponent);
    fixture.componentRef.setInput('rows', [
      aRow({ userId: 'never', name: 'Never Signed In', since: new Date(0).toISOString() }),
      aRow({ userId: 'recent', name: 'Recently Here', status: 'available' }),
    ]);
    fixture.componentRef.setInput('now', now);
    await fixture.whenStable();

    const cell = (userId: string) =>
      (fixture.nativeElement as HTMLElement)
        .querySelector(`[data-testid="agent-row-${userId}"] [data-testid="agent-time-in-state"]`)
        ?.textContent?.trim();
    expect(cell('never')).toBe('—');
    expect(cell('recent')).toBe('1:05');
  });

  it("labels the current call's state in words", async () => {
    const fixture = TestBed.createComponent(AgentGridComponent);
    fixture.componentRef.setInput('rows', [
      aRow({
        status: 'wrap_up',
        currentCall: {
          id: 'c1',
          state: 'wrap_up',
          from: '+15550100',
          to: '+15550199',
          teamId: 't1',
        },
      }),
    ]);
    fixture.componentRef.setInput('now', now);
    await fixture.whenStable();

    const text = (fixture.nativeElement as HTMLElement)
      .querySelector('[data-testid="agent-call"]')
      ?.textContent?.trim();
    expect(text).toBe('+15550100 · Wrap-up');
    expect(currentCallStateLabel('on_hold')).toBe('On hold');
    expect(currentCallStateLabel('transferring')).toBe('transferring');
  });

  it('has no time in state without a real instant', () => {
    expect(timeInState(new Date(0).toISOString(), now, 0)).toBeNull();
    expect(timeInState('not a date', now, 0)).toBeNull();
    expect(timeInState('2026-12-07T08:01:00.000Z', now, 0)).toBe(5);
  });
});
