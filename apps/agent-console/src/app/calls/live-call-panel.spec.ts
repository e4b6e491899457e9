import { TestBed } from '@angular/core/testing';

import { CallView } from '@poscalls4u/contracts';
import { CALLS_CLOCK } from '@poscalls4u/web-calls';

import { LiveCallAction, LiveCallPanelComponent } from './live-call-panel';

const NOW = Date.parse('2026-11-25T09:01:00.000Z');

const live = {
  id: 'call-9',
  teamId: 'team-1',
  teamName: 'Support',
  direction: 'inbound',
  state: 'connected',
  from: '+15550111',
  to: '+15550199',
  agent: { id: 'agent-1', name: 'Amara Okafor' },
  answeredAt: '2026-11-25T09:00:00.000Z',
  createdAt: '2026-11-25T08:59:50.000Z',
  muted: false,
  consult: null,
  conference: null,
} as CallView;

describe('LiveCallPanelComponent', () => {
  async function render(call: CallView) {
    TestBed.configureTestingModule({ providers: [{ provide: CALLS_CLOCK, useValue: () => NOW }] });
    const fixture = TestBed.createComponent(LiveCallPanelComponent);
    fixture.componentRef.setInput('call', call);
    const actions: LiveCallAction[] = [];
    const digits: string[] = [];
    fixture.componentInstance.act.subscribe((action) => actions.push(action));
    fixture.componentInstance.dtmf.subscribe((digit) => digits.push(digit));
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    return { fixture, element, byTestId, actions, digits };
  }

  it('mutes, and offers Unmute with a notice while muted', async () => {
    const { fixture, byTestId, actions } = await render(live);
    byTestId('mute-call')?.click();
    expect(actions).toEqual(['mute']);
    expect(byTestId('muted-notice')).toBeNull();

    fixture.componentRef.setInput('call', { ...live, muted: true });
    await fixture.whenStable();
    expect(byTestId('mute-call')).toBeNull();
    expect(byTestId('unmute-call')?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('muted-notice')?.textContent).toContain('the caller does not hear you');
    byTestId('unmute-call')?.click();
    expect(actions).toEqual(['mute', 'unmute']);
  });

  it('sends each keypad key as pressed and shows what was sent on this call only', async () => {
    const { fixture, byTestId, digits } = await render(live);
    for (const key of ['1', '2', '#', '*', '0']) byTestId(`key-${key}`)?.click();
    expect(digits).toEqual(['1', '2', '#', '*', '0']);
    await fixture.whenStable();
    expect(byTestId('keypad-sent')?.textContent).toContain('12#*0');

    // The next call starts with nothing sent.
    fixture.componentRef.setInput('call', { ...live, id: 'call-10' });
    await fixture.whenStable();
    expect(byTestId('keypad-sent')).toBeNull();
  });

  it('says how a supervisor assists the call, when told', async () => {
    const { fixture, byTestId } = await render(live);
    expect(byTestId('supervisor-notice')).toBeNull();
    fixture.componentRef.setInput('supervisor', 'barge');
    await fixture.whenStable();
    expect(byTestId('supervisor-notice')?.textContent).toContain(
      'A supervisor has joined the call',
    );
    fixture.componentRef.setInput('supervisor', 'listen');
    await fixture.whenStable();
    expect(byTestId('supervisor-notice')?.textContent).toContain('A supervisor is listening');
  });

  it('has no keypad on hold (the far end would not hear it)', async () => {
    const { byTestId } = await render({ ...live, state: 'on_hold' });
    expect(byTestId('keypad')).toBeNull();
    expect(byTestId('mute-call')).not.toBeNull();
  });
});
