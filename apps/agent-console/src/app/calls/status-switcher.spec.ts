import { TestBed } from '@angular/core/testing';

import { PresenceView } from '@poscalls4u/contracts';

import { StatusSwitcherComponent } from './status-switcher';

const presence = (status: PresenceView['status']): PresenceView => ({
  userId: 'agent-1',
  name: 'Amara Okafor',
  status,
  reason: null,
  since: '2026-11-25T09:00:00.000Z',
  forcedBy: null,
});

describe('StatusSwitcherComponent', () => {
  it.each([
    ['wrap_up', 'Wrap-up'],
    ['on_call', 'On a call'],
    ['available', 'Available'],
  ] as const)('shows %s as "%s"', async (status, label) => {
    const fixture = TestBed.createComponent(StatusSwitcherComponent);
    fixture.componentRef.setInput('presence', presence(status));
    fixture.componentRef.setInput('reasons', []);
    fixture.componentRef.setInput('disabled', status !== 'available');
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="status-current"]')?.textContent).toBe(label);
  });
});
