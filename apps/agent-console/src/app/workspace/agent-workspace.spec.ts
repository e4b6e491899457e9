import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { NEVER } from 'rxjs';

import { CallView } from '@poscalls4u/contracts';
import { selectUser } from '@poscalls4u/web-auth';
import { CALLS_CLOCK, CallsActions, CallsState, initialCallsState } from '@poscalls4u/web-calls';
import { RealtimeClient } from '@poscalls4u/web-realtime';

import { AUDIO_CONTEXT_FACTORY } from '../alerts/ring-tone';
import { CallCommands } from '../calls/call-commands';
import { AgentWorkspace } from './agent-workspace';

const NOW = Date.parse('2026-11-25T09:00:05.000Z');

@Component({ selector: 'pc-test-profile', template: '<input data-testid="profile-field" />' })
class ProfileStub {}

@Component({ selector: 'pc-test-calls', template: '<p>call screen</p>' })
class CallsStub {}

function aCall(overrides: Partial<CallView> = {}): CallView {
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
    agent: { id: 'agent-1', name: 'Amara Okafor' },
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
      talkSeconds: null,
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

describe('AgentWorkspace', () => {
  let store: MockStore;

  async function render(calls: Partial<CallsState>, url: string) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          {
            path: '',
            component: AgentWorkspace,
            children: [
              { path: '', pathMatch: 'full', component: CallsStub },
              { path: 'profile', component: ProfileStub },
            ],
          },
        ]),
        provideMockStore({
          initialState: { calls: { ...initialCallsState, ...calls } },
          selectors: [{ selector: selectUser, value: null }],
        }),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RealtimeClient, useValue: { connect: () => NEVER } },
        { provide: CALLS_CLOCK, useValue: () => NOW },
        { provide: AUDIO_CONTEXT_FACTORY, useValue: () => null },
      ],
    });
    store = TestBed.inject(MockStore);
    jest.spyOn(store, 'dispatch');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    const host = harness.fixture;
    await host.whenStable();
    const element = host.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const press = async (init: KeyboardEventInit, target: EventTarget = document) => {
      target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
      await host.whenStable();
    };
    const setCalls = async (next: Partial<CallsState>) => {
      store.setState({ calls: { ...initialCallsState, ...next } });
      await host.whenStable();
    };
    return { host, element, byTestId, press, setCalls };
  }

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove()));

  it('opens the calls feature on whatever page the agent lands', async () => {
    await render({}, '/profile');
    // Once the page is drawn: a frame later (or `afterNextPaint`'s 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(store.dispatch).toHaveBeenCalledWith(CallsActions.screenOpened());
  });

  // Issue 15, defect 1: an offer showed only on the Calls page.
  it('shows a ringing call on another page, announces it and flashes the title, without taking the focus', async () => {
    const { byTestId } = await render(
      { current: aCall(), offerExpiresAt: NOW + 15_000 },
      '/profile',
    );
    byTestId('profile-field')?.focus();
    await new Promise((resolve) => setTimeout(resolve));
    expect(byTestId('offer-banner')?.textContent).toContain('+15550100');
    expect(byTestId('offer-countdown')?.textContent?.trim()).toBe('15 s left to answer');
    expect(byTestId('offer-announcement')?.textContent?.trim()).toBe(
      'Incoming call from +15550100 for Support',
    );
    expect(TestBed.inject(Title).getTitle()).toBe('Incoming call: +15550100');
    expect(document.activeElement).toBe(byTestId('profile-field'));

    byTestId('answer-call')?.click();
    expect(store.dispatch).toHaveBeenCalledWith(
      CallsActions.actOnCall({ callId: 'call-1', action: 'answer' }),
    );
  });

  it('leaves the offer to the call screen there', async () => {
    const { byTestId } = await render({ current: aCall(), offerExpiresAt: NOW + 15_000 }, '/');
    expect(byTestId('offer-banner')).toBeNull();
    expect(byTestId('offer-announcement')?.textContent?.trim()).toBe(
      'Incoming call from +15550100 for Support',
    );
  });

  it('answers, rejects, holds, resumes and ends with the shortcuts, only when they apply', async () => {
    const { press, setCalls, byTestId } = await render({ current: aCall() }, '/profile');
    const alt = (code: string) => ({ code, altKey: true, shiftKey: true });
    const acted = (action: string) =>
      expect(store.dispatch).toHaveBeenCalledWith(
        CallsActions.actOnCall({ callId: 'call-1', action: action as never }),
      );

    await press(alt('KeyH'));
    expect(store.dispatch).not.toHaveBeenCalledWith(
      expect.objectContaining({ type: CallsActions.actOnCall.type }),
    );
    // Even from a text field: the shortcut works wherever the agent is typing.
    await press(alt('KeyA'), byTestId('profile-field') as HTMLElement);
    acted('answer');
    await press(alt('KeyR'));
    acted('reject');

    await setCalls({ current: aCall({ state: 'connected' }) });
    expect(byTestId('call-strip')?.textContent).toContain('On a call with +15550100');
    await press(alt('KeyH'));
    acted('hold');
    await setCalls({ current: aCall({ state: 'on_hold' }) });
    await press(alt('KeyH'));
    acted('resume');
    await press(alt('KeyE'));
    acted('end');
  });

  it('takes the agent to the wrap-up form, and there asks it to finish', async () => {
    const { press } = await render({ current: aCall({ state: 'wrap_up' }) }, '/profile');
    const requested = jest.fn();
    TestBed.inject(CallCommands).wrapUpRequested.subscribe(requested);
    await press({ code: 'KeyW', altKey: true, shiftKey: true });
    expect(TestBed.inject(Router).url).toBe('/');
    expect(requested).not.toHaveBeenCalled();
    await press({ code: 'KeyW', altKey: true, shiftKey: true });
    expect(requested).toHaveBeenCalledTimes(1);
  });

  it('takes the agent to the wrap-up form while the end is still being answered', async () => {
    // The live event shows Wrap-up before the end's own answer: the key must not be dropped.
    const { press } = await render(
      { current: aCall({ state: 'wrap_up' }), busy: true },
      '/profile',
    );
    await press({ code: 'KeyW', altKey: true, shiftKey: true });
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('lists the shortcuts in a help overlay on ?', async () => {
    const { press } = await render({}, '/profile');
    await press({ key: '?', shiftKey: true });
    const help = document.querySelector('[data-testid="shortcuts-help"]');
    expect(help?.textContent).toContain('Alt + Shift + A');
    expect(help?.textContent).toContain('Answer the ringing call');
    expect(help?.textContent).toContain('Finish wrap-up');
  });
});
