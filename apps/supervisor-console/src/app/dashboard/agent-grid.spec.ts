import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';

import { AgentGridRow, CallAssistView } from '@poscalls4u/contracts';

import { startOfDay, timelineSegments } from './agent-day-dialog';
import { AgentAction, AgentGridComponent, currentCallStateLabel, timeInState } from './agent-grid';

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

  it("names each agent's teams in the whole-center view only", async () => {
    const fixture = TestBed.createComponent(AgentGridComponent);
    fixture.componentRef.setInput('rows', [
      aRow({ userId: 'a', teamIds: ['t1', 't2'] }),
      aRow({ userId: 'b', name: 'Bo', teamIds: [] }),
    ]);
    fixture.componentRef.setInput('now', now);
    fixture.componentRef.setInput(
      'teamNames',
      new Map([
        ['t1', 'Support'],
        ['t2', 'Sales'],
      ]),
    );
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="team-column"]')).toBeNull();

    fixture.componentRef.setInput('showTeam', true);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="team-column"]')?.textContent?.trim()).toBe('Team');
    const team = (userId: string) =>
      element
        .querySelector(`[data-testid="agent-row-${userId}"] [data-testid="agent-team"]`)
        ?.textContent?.trim();
    expect(team('a')).toBe('Support, Sales');
    expect(team('b')).toBe('—');
  });

  it('offers the timeline to everyone and state changes to whoever may force them', async () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        provideRouter([]),
      ],
    });
    const fixture = TestBed.createComponent(AgentGridComponent);
    const onCall = aRow({ userId: 'busy', name: 'Busy Bee', status: 'on_call' });
    const idle = aRow({ userId: 'idle', name: 'Idle Ida', status: 'available' });
    fixture.componentRef.setInput('rows', [onCall, idle]);
    fixture.componentRef.setInput('now', now);
    const actions: AgentAction[] = [];
    fixture.componentInstance.agentAction.subscribe((action) => actions.push(action));
    await fixture.whenStable();

    const openMenu = async (userId: string) => {
      (fixture.nativeElement as HTMLElement)
        .querySelector<HTMLElement>(
          `[data-testid="agent-row-${userId}"] [data-testid="agent-actions"]`,
        )
        ?.click();
      await fixture.whenStable();
    };
    const item = (id: string) =>
      Array.from(document.querySelectorAll<HTMLButtonElement>(`[data-testid="${id}"]`)).at(-1);

    await openMenu('idle');
    expect(item('agent-timeline')).toBeDefined();
    expect(item('agent-sign-out')).toBeUndefined();
    item('agent-timeline')?.click();
    expect(actions).toEqual([{ kind: 'timeline', agent: idle }]);

    fixture.componentRef.setInput('canManage', true);
    await fixture.whenStable();
    await openMenu('busy');
    // Only the call flow moves an agent on a call.
    expect(item('agent-sign-out')?.disabled).toBe(true);
    expect(item('agent-force-break')?.disabled).toBe(true);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await fixture.whenStable();

    await openMenu('idle');
    expect(item('agent-force-offline')?.disabled).toBe(false);
    item('agent-sign-out')?.click();
    expect(actions.at(-1)).toEqual({ kind: 'sign-out', agent: idle });
  });
});

describe("agent's day", () => {
  it('places the day so far on a bar, clipping what began yesterday and what is still going', () => {
    const dayStart = Date.parse('2026-12-07T00:00:00.000Z');
    const now = Date.parse('2026-12-07T10:00:00.000Z');
    const segments = timelineSegments(
      [
        {
          status: 'offline' as never,
          reason: null,
          startedAt: '2026-12-06T18:00:00.000Z',
          endedAt: '2026-12-07T05:00:00.000Z',
        },
        {
          status: 'break' as never,
          reason: { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
          startedAt: '2026-12-07T05:00:00.000Z',
          endedAt: null,
        },
      ],
      dayStart,
      now,
    );
    expect(segments).toEqual([
      expect.objectContaining({
        startedAt: '2026-12-07T00:00:00.000Z',
        seconds: 5 * 3600,
        offsetPercent: 0,
        widthPercent: 50,
      }),
      expect.objectContaining({
        label: 'On a break (Lunch)',
        endedAt: null,
        seconds: 5 * 3600,
        offsetPercent: 50,
        widthPercent: 50,
      }),
    ]);
    expect(new Date(startOfDay(now)).getHours()).toBe(0);
  });
});

describe('agent grid: supervisor assist', () => {
  // Each row's menu links to the chat.
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));
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
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const theirs = await render(new Map([['c1', assist('listen', 'sup-2', 'Sam Lee')]]));
    expect(theirs.button('a1', 'assist-barge')).toBeNull();
    expect(theirs.button('a1', 'assist-stop')).not.toBeNull();
  });
});

describe('agent grid: skills', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));
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
