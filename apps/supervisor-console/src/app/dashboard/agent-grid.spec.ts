import { TestBed } from '@angular/core/testing';

import { AgentGridRow, CallAssistView } from '@poscalls4u/contracts';

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

describe('agent grid: supervisor assist', () => {
  const now = Date.parse('2026-12-07T08:01:05.000Z');
  const live = (id: string, teamId: string, state = 'connected') => ({
    id,
    state,
    from: '+15550100',
    to: '+15550199',
    teamId,
  });

  async function render(assists: Map<string, CallAssistView>) {
    const fixture = TestBed.createComponent(AgentGridComponent);
    fixture.componentRef.setInput('rows', [
      aRow({ userId: 'a1', name: 'Amara', status: 'on_call', currentCall: live('c1', 't1') }),
      aRow({ userId: 'a2', name: 'Ben', status: 'on_call', currentCall: live('c2', 't2') }),
      aRow({
        userId: 'a3',
        name: 'Chen',
        status: 'wrap_up',
        currentCall: live('c3', 't1', 'wrap_up'),
      }),
    ]);
    fixture.componentRef.setInput('now', now);
    fixture.componentRef.setInput('monitorTeamIds', ['t1']);
    fixture.componentRef.setInput('userId', 'sup-1');
    fixture.componentRef.setInput('assists', assists);
    const requested: { callId: string; mode: string | null }[] = [];
    fixture.componentInstance.assistRequested.subscribe((request) => requested.push(request));
    await fixture.whenStable();
    const cell = (userId: string) =>
      (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(
        `[data-testid="agent-row-${userId}"] [data-testid="agent-assist"]`,
      );
    const button = (userId: string, id: string) =>
      cell(userId)?.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`) ?? null;
    return { cell, button, requested };
  }

  const assist = (mode: CallAssistView['mode'], supervisorId: string, name: string) =>
    ({
      callId: 'c1',
      teamId: 't1',
      agentId: 'a1',
      mode,
      supervisor: { id: supervisorId, name },
      startedAt: '2026-12-07T08:00:30.000Z',
    }) satisfies CallAssistView;

  it('offers Listen, Whisper and Barge on live calls of the teams the supervisor monitors only', async () => {
    const { cell, button, requested } = await render(new Map());
    expect(button('a1', 'assist-listen')).not.toBeNull();
    expect(button('a1', 'assist-stop')).toBeNull();
    // Another team's call, and a call in wrap-up (nothing left to hear): no buttons.
    expect(cell('a2')?.querySelector('button')).toBeNull();
    expect(cell('a3')?.querySelector('button')).toBeNull();
    button('a1', 'assist-barge')?.click();
    expect(requested).toEqual([{ callId: 'c1', mode: 'barge' }]);
  });

  it('shows the assist in progress, lets its supervisor switch and stop, and another only stop', async () => {
    const mine = await render(new Map([['c1', assist('whisper', 'sup-1', 'Priya Shah')]]));
    expect(mine.cell('a1')?.querySelector('[data-testid="assist-state"]')?.textContent).toContain(
      'Whispering · Priya Shah',
    );
    expect(mine.button('a1', 'assist-whisper')?.getAttribute('aria-pressed')).toBe('true');
    expect(mine.button('a1', 'assist-whisper')?.disabled).toBe(true);
    mine.button('a1', 'assist-listen')?.click();
    mine.button('a1', 'assist-stop')?.click();
    expect(mine.requested).toEqual([
      { callId: 'c1', mode: 'listen' },
      { callId: 'c1', mode: null },
    ]);

    TestBed.resetTestingModule();
    const theirs = await render(new Map([['c1', assist('listen', 'sup-2', 'Sam Lee')]]));
    expect(theirs.button('a1', 'assist-barge')).toBeNull();
    expect(theirs.button('a1', 'assist-stop')).not.toBeNull();
  });
});

describe('agent grid: skills', () => {
  it("shows each agent's routing skills with their levels", async () => {
    const fixture = TestBed.createComponent(AgentGridComponent);
    fixture.componentRef.setInput('rows', [
      aRow({ userId: 'a1', name: 'Amara' }),
      aRow({ userId: 'a2', name: 'Ben' }),
    ]);
    fixture.componentRef.setInput('now', Date.parse('2026-12-07T08:01:05.000Z'));
    fixture.componentRef.setInput(
      'skills',
      new Map([
        [
          'a1',
          [
            { name: 'French', level: 4 },
            { name: 'Spanish', level: 2 },
          ],
        ],
      ]),
    );
    await fixture.whenStable();
    const cell = (userId: string) =>
      (fixture.nativeElement as HTMLElement)
        .querySelector(`[data-testid="agent-row-${userId}"] [data-testid="agent-skills"]`)
        ?.textContent?.trim();
    expect(cell('a1')).toBe('French 4 · Spanish 2');
    expect(cell('a2')).toBe('—');
  });
});
