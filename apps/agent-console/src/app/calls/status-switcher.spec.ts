import { TestBed } from '@angular/core/testing';

import { PresenceView } from '@poscalls4u/contracts';

import { StatusSwitcherComponent } from './status-switcher';

const presence = (status: PresenceView['status'], reasonCode?: string): PresenceView => ({
  userId: 'agent-1',
  name: 'Amara Okafor',
  status,
  reason: reasonCode
    ? { code: reasonCode, label: 'Missed call', systemOnly: true, isActive: true }
    : null,
  since: '2026-11-25T09:00:00.000Z',
  forcedBy: null,
  next: null,
});

describe('StatusSwitcherComponent', () => {
  async function render(first: PresenceView) {
    const fixture = TestBed.createComponent(StatusSwitcherComponent);
    fixture.componentRef.setInput('presence', first);
    fixture.componentRef.setInput('reasons', [
      { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
    ]);
    await fixture.whenStable();
    const shown = () =>
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="status-current"]')
        ?.textContent;
    const move = async (next: PresenceView) => {
      fixture.componentRef.setInput('presence', next);
      fixture.componentRef.setInput('disabled', !['available', 'offline'].includes(next.status));
      await fixture.whenStable();
    };
    return { shown, move };
  }

  // Issue 15, defect 4: "My status" went blank in wrap-up and on outbound calls.
  it('keeps showing the state as a call moves it from one state the agent cannot pick to another', async () => {
    const { shown, move } = await render(presence('available'));
    expect(shown()).toBe('Available');
    await move(presence('on_call'));
    expect(shown()).toBe('On a call');
    await move(presence('wrap_up'));
    expect(shown()).toBe('Wrap-up');
    await move(presence('break', 'missed'));
    expect(shown()).toBe('On a break: Missed call');
    await move(presence('on_call'));
    expect(shown()).toBe('On a call');
  });

  it('shows a break the agent picked with its reason', async () => {
    const { shown, move } = await render(presence('break', 'lunch'));
    await move({
      ...presence('break'),
      reason: { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
    });
    expect(shown()).toBe('On a break: Lunch');
  });
});
