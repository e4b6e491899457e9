import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { NEVER } from 'rxjs';

import { CallView, PresenceView, UserView } from '@poscalls4u/contracts';
import { AuthActions, selectUser } from '@poscalls4u/web-auth';
import { CALLS_CLOCK, CallsActions, CallsState, initialCallsState } from '@poscalls4u/web-calls';
import { RealtimeClient } from '@poscalls4u/web-realtime';

import { CallScreenPage } from './call-screen.page';
import { statusValue, toPresenceRequest } from './status-switcher';

const NOW = Date.parse('2026-11-25T09:01:00.000Z');

const agent: UserView = {
  id: 'agent-1',
  name: 'Amara Okafor',
  email: 'agent1@poscalls4u.test',
  role: 'agent',
  emailVerified: true,
  mfaEnabled: false,
  isActive: true,
  avatarUrl: null,
  createdAt: '2026-11-25T08:00:00.000Z',
  lastLoginAt: null,
};

function aCall(overrides: Partial<CallView>): CallView {
  return {
    id: 'call-1',
    teamId: 'team-1',
    teamName: 'Support',
    direction: 'inbound',
    state: 'offered',
    from: '+15550100',
    to: '+15550199',
    externalId: null,
    integrationId: null,
    priority: 0,
    agent: { id: agent.id, name: agent.name },
    queuedAt: null,
    requeuedAt: null,
    offerExpiresAt: null,
    answeredAt: null,
    endedAt: null,
    completedAt: null,
    disposition: null,
    notes: null,
    durations: {
      waitSeconds: null,
      ringSeconds: null,
      talkSeconds: 95,
      holdSeconds: null,
      afterCallWorkSeconds: null,
      handleSeconds: null,
    },
    muted: false,
    consult: null,
    conference: null,
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    ...overrides,
  };
}

const lunch = { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true };

const aTeam = {
  id: 'team-1',
  name: 'Support',
  description: null,
  maxMembers: null,
  memberCount: 3,
  serviceLevelTargetPercent: 80,
  serviceLevelThresholdSeconds: 20,
  createdAt: '2026-11-25T08:00:00.000Z',
  updatedAt: '2026-11-25T08:00:00.000Z',
  archivedAt: null,
  crmUrlTemplate: null,
};

function aPresence(status: PresenceView['status']): PresenceView {
  return {
    userId: agent.id,
    name: agent.name,
    status,
    reason: null,
    since: '2026-11-25T09:00:00.000Z',
    forcedBy: null,
    next: null,
  };
}

describe('CallScreenPage', () => {
  let store: MockStore;

  async function render(calls: Partial<CallsState>) {
    TestBed.configureTestingModule({
      imports: [CallScreenPage],
      providers: [
        provideMockStore({
          initialState: { calls: { ...initialCallsState, ...calls } },
          selectors: [{ selector: selectUser, value: agent }],
        }),
        { provide: CALLS_CLOCK, useValue: () => NOW },
        // The "My day" panel on the page loads its figures; not what these tests are about.
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RealtimeClient, useValue: { connect: () => NEVER } },
        provideRouter([]),
      ],
    });
    store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');
    const fixture = TestBed.createComponent(CallScreenPage);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    return { fixture, element, byTestId };
  }

  it('says how to get calls when idle', async () => {
    const { byTestId } = await render({ teams: [aTeam], teamsLoaded: true });
    expect(byTestId('user-name')?.textContent).toBe('Amara Okafor');
    expect(byTestId('no-call')?.textContent).toContain('Set your status to Available');
    expect(byTestId('next-status-select')).toBeNull();
  });

  // Issue 15, defect 11: a self-signed-up agent in no team was promised "the next call of your team".
  it('tells an agent in no team that no call can reach them yet', async () => {
    const { byTestId } = await render({
      presence: aPresence('available'),
      teams: [],
      teamsLoaded: true,
    });
    expect(byTestId('no-call-hint')?.textContent).toContain('You are not in a team yet');
    expect(byTestId('no-call-hint')?.textContent).not.toContain('of your team rings here');
  });

  it('tells an available agent of a team that its next call rings here', async () => {
    const { byTestId } = await render({
      presence: aPresence('available'),
      teams: [aTeam],
      teamsLoaded: true,
    });
    expect(byTestId('no-call-hint')?.textContent).toContain(
      'the next call of your team rings here',
    );
  });

  it('offers a next status during a call and sends the choice', async () => {
    const { byTestId, fixture } = await render({
      presence: {
        ...aPresence('on_call'),
        next: { status: 'break', reason: lunch },
      },
      breakReasons: [lunch],
      current: aCall({ state: 'connected', answeredAt: '2026-11-25T09:00:15.000Z' }),
    });
    expect(byTestId('next-status-hint')?.textContent).toContain('A break (Lunch)');
    byTestId('next-status-select')?.click();
    await fixture.whenStable();
    document.querySelector<HTMLElement>('[data-testid="next-status-option-as-before"]')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(CallsActions.setNextStatus({ request: null }));
    byTestId('next-status-select')?.click();
    await fixture.whenStable();
    document.querySelector<HTMLElement>('[data-testid="next-status-option-available"]')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.setNextStatus({ request: { status: 'available' } }),
    );
  });

  it('rings with a countdown and answers or rejects it', async () => {
    const { byTestId } = await render({ current: aCall({}), offerExpiresAt: NOW + 15_000 });
    expect(byTestId('offer-from')?.textContent).toBe('+15550100');
    expect(byTestId('offer-team')?.textContent).toBe('Support');
    expect(byTestId('offer-countdown')?.textContent?.trim()).toBe('15 s left to answer');
    expect(document.activeElement).toBe(byTestId('answer-call'));

    byTestId('answer-call')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'answer' }),
    );
    byTestId('reject-call')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'reject' }),
    );
  });

  it('shows the timer of a live call with Hold and End, and Resume while on hold', async () => {
    const { byTestId, fixture } = await render({
      current: aCall({ state: 'connected', answeredAt: '2026-11-25T09:00:15.000Z' }),
    });
    expect(byTestId('call-timer')?.textContent).toBe('0:45');
    byTestId('hold-call')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'hold' }),
    );
    byTestId('end-call')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'end' }),
    );

    store.setState({
      calls: {
        ...initialCallsState,
        current: aCall({ state: 'on_hold', answeredAt: '2026-11-25T09:00:15.000Z' }),
      },
    });
    await fixture.whenStable();
    expect(byTestId('hold-call')).toBeNull();
    expect(byTestId('resume-call')).not.toBeNull();
    expect(byTestId('live-call-state')?.textContent).toBe('On hold');
  });

  // Issue 15, defect 14: "Connected" and "On hold" looked the same; focus was lost on the way.
  // The badge's colour follows data-state (the panel's styles give each state its own).
  it('marks Connected and On hold apart and keeps the focus on the hold button', async () => {
    const answeredAt = '2026-11-25T09:00:15.000Z';
    const { byTestId, fixture } = await render({
      current: aCall({ state: 'connected', answeredAt }),
    });
    const badge = () => byTestId('live-call-state');
    const connected = badge()?.getAttribute('data-state');
    const hold = byTestId('hold-call');
    hold?.focus();
    store.setState({
      calls: { ...initialCallsState, current: aCall({ state: 'on_hold', answeredAt }) },
    });
    await fixture.whenStable();
    expect(connected).toBe('connected');
    expect(badge()?.getAttribute('data-state')).toBe('on_hold');
    expect(byTestId('resume-call')).toBe(hold);
    expect(document.activeElement).toBe(hold);
  });

  it('moves the focus to the wrap-up form when the call ends', async () => {
    const answeredAt = '2026-11-25T09:00:15.000Z';
    const { byTestId, fixture } = await render({
      current: aCall({ state: 'connected', answeredAt }),
    });
    byTestId('end-call')?.focus();
    store.setState({
      calls: { ...initialCallsState, current: aCall({ state: 'wrap_up', answeredAt }) },
    });
    await fixture.whenStable();
    expect(document.activeElement).toBe(byTestId('wrap-up-disposition'));
  });

  it('lets the agent say how an outbound call went while it dials', async () => {
    const { byTestId } = await render({
      current: aCall({ state: 'dialing', direction: 'outbound', to: '+15550123' }),
    });
    expect(byTestId('live-call-number')?.textContent).toBe('+15550123');
    expect(byTestId('end-call')).toBeNull();
    byTestId('outbound-connected')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'connected' }),
    );
    byTestId('outbound-failed')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'failed' }),
    );
  });

  it('asks for a disposition before wrapping up', async () => {
    const { byTestId, fixture } = await render({
      current: aCall({ state: 'wrap_up' }),
      dispositions: [{ code: 'resolved', label: 'Resolved', isSuccess: true, isActive: true }],
    });
    expect(byTestId('wrap-up-form')?.textContent).toContain('talk 1:35');

    byTestId('wrap-up-submit')?.click();
    await fixture.whenStable();
    expect(store.dispatch).not.toHaveBeenCalledWith(
      expect.objectContaining({ type: CallsActions.wrapUp.type }),
    );
    expect(byTestId('wrap-up-form')?.textContent).toContain('Choose how the call ended');
  });

  it('shows what went wrong and that live updates are down', async () => {
    const { byTestId } = await render({
      error: 'The call is no longer ringing.',
      connection: 'offline',
    });
    expect(byTestId('calls-error')?.textContent).toContain('The call is no longer ringing.');
    expect(byTestId('realtime-offline')).not.toBeNull();
  });

  it('says when the server ended the session, and leads back to sign-in', async () => {
    const { byTestId } = await render({ connection: 'ended' });
    expect(byTestId('session-ended')?.textContent).toContain('This session was ended');
    byTestId('sign-in-again')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(AuthActions.sessionExpired());
  });

  it('lists the history with state and disposition', async () => {
    const completed = aCall({
      state: 'completed',
      disposition: { code: 'sale', label: 'Sale', isSuccess: true, isActive: true },
    });
    const { element } = await render({
      history: { items: [completed], total: 1, page: 1, pageSize: 10 },
    });
    const row = element.querySelector('[data-testid="history-row"]');
    expect(row?.querySelector('[data-testid="history-state"]')?.textContent?.trim()).toBe(
      'Completed',
    );
    expect(row?.querySelector('[data-testid="history-disposition"]')?.textContent?.trim()).toBe(
      'Sale',
    );
    expect(row?.querySelector('[data-testid="history-talk"]')?.textContent?.trim()).toBe('1:35');
  });
});

describe('status values', () => {
  it('round-trips a break with its reason', () => {
    expect(toPresenceRequest('break:lunch')).toEqual({ status: 'break', reason: 'lunch' });
    expect(toPresenceRequest('available')).toEqual({ status: 'available' });
    expect(
      statusValue({
        userId: 'a',
        name: 'A',
        status: 'break',
        reason: { code: 'lunch', label: 'Lunch', systemOnly: false, isActive: true },
        since: '',
        forcedBy: null,
        next: null,
      }),
    ).toBe('break:lunch');
    expect(statusValue(null)).toBe('offline');
  });
});
