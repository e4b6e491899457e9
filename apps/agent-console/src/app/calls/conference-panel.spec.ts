import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';

import {
  CallConferencePartyView,
  CallConferenceView,
  ConferenceTarget,
  TransferTargetsResult,
} from '@poscalls4u/contracts';
import { CallsApi } from '@poscalls4u/web-calls';

import { ConferencePanelComponent } from './conference-panel';

const TARGETS: TransferTargetsResult = {
  teams: [{ id: 'team-1', name: 'Support' }],
  agents: [
    { id: 'agent-3', name: 'Cy Free', teamId: 'team-1', teamName: 'Support', status: 'available' },
  ],
  supervisors: [],
};

function party(fields: Partial<CallConferencePartyView>): CallConferencePartyView {
  return {
    id: 'p',
    kind: 'agent',
    user: null,
    number: null,
    state: 'joined',
    addedAt: '2026-11-25T09:02:00.000Z',
    joinedAt: '2026-11-25T09:02:00.000Z',
    leftAt: null,
    leftReason: null,
    ...fields,
  };
}

const CONFERENCE: CallConferenceView = {
  startedAt: '2026-11-25T09:02:00.000Z',
  endedAt: null,
  parties: [
    party({ id: 'p-caller', kind: 'caller' }),
    party({ id: 'p-me', user: { id: 'agent-1', name: 'Amara Okafor' } }),
    party({ id: 'p-bo', user: { id: 'agent-2', name: 'Bo Free' } }),
    party({ id: 'p-num', kind: 'number', number: '+15550177', state: 'joining', joinedAt: null }),
    party({ id: 'p-gone', kind: 'number', number: '+15550178', state: 'left' }),
  ],
};

describe('ConferencePanelComponent', () => {
  async function render(owner: boolean) {
    TestBed.configureTestingModule({
      providers: [{ provide: CallsApi, useValue: { transferTargets: () => of(TARGETS) } }],
    });
    const fixture = TestBed.createComponent(ConferencePanelComponent);
    fixture.componentRef.setInput('conference', CONFERENCE);
    fixture.componentRef.setInput('me', 'agent-1');
    fixture.componentRef.setInput('owner', owner);
    const added: ConferenceTarget[] = [];
    const removed: string[] = [];
    let left = 0;
    fixture.componentInstance.add.subscribe((target) => added.push(target));
    fixture.componentInstance.remove.subscribe((id) => removed.push(id));
    fixture.componentInstance.leave.subscribe(() => left++);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const all = (id: string) => [...element.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
    const byTestId = <T extends HTMLElement>(id: string) =>
      element.querySelector<T>(`[data-testid="${id}"]`);
    return { fixture, all, byTestId, added, removed, left: () => left };
  }

  it('lists the parties still on, with who is ringing; the call agent removes others, not the caller or themselves', async () => {
    const { all, removed } = await render(true);
    const parties = all('conference-party');
    expect(parties.map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Caller on the call since/),
      expect.stringMatching(/^Amara Okafor \(you\) on the call since/),
      expect.stringMatching(/^Bo Free on the call since .* Remove$/),
      '+15550177 ringing Remove',
    ]);
    const buttons = all('conference-remove');
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual([
      'Remove Bo Free from the conference',
      'Remove +15550177 from the conference',
    ]);
    buttons[0]?.click();
    expect(removed).toEqual(['p-bo']);
  });

  it('adds a colleague through the shared picker', async () => {
    const { fixture, byTestId, added } = await render(true);
    byTestId('conference-add-open')?.click();
    await fixture.whenStable();
    const select = byTestId<HTMLSelectElement>('conference-agent');
    if (!select) throw new Error('no agent picker');
    select.value = 'agent-3|team-1';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    byTestId('conference-add-submit')?.click();
    expect(added).toEqual([{ type: 'agent', agentId: 'agent-3', teamId: 'team-1' }]);
  });

  it('a guest on the conference may only leave', async () => {
    const { all, byTestId, left } = await render(false);
    expect(all('conference-remove')).toHaveLength(0);
    expect(byTestId('conference-add-open')).toBeNull();
    byTestId('conference-leave')?.click();
    expect(left()).toBe(1);
  });
});
