import { TestBed } from '@angular/core/testing';

import { CallView, CallerHistory } from '@poscalls4u/contracts';
import { CALLS_CLOCK } from '@poscalls4u/web-calls';

import { OfferPanelComponent } from './offer-panel';

const NOW = Date.parse('2026-11-25T09:00:05.000Z');

const ringing = {
  id: 'call-9',
  teamId: 'team-1',
  teamName: 'Support',
  direction: 'inbound',
  state: 'offered',
  from: '+15550111',
  to: '+15550199',
  agent: { id: 'agent-1', name: 'Amara Okafor' },
} as CallView;

const history: CallerHistory = {
  total: 7,
  crmUrl: 'https://crm.example.com/search?phone=%2B15550111',
  calls: [
    {
      id: 'call-8',
      at: '2026-11-24T15:30:00.000Z',
      direction: 'inbound',
      state: 'completed',
      disposition: { code: 'callback', label: 'Callback scheduled' },
      agent: { id: 'agent-2', name: 'Ben Ortiz' },
      teamName: 'Support',
      notes: 'Wants a refund by Friday',
      handleSeconds: 185,
    },
    {
      id: 'call-7',
      at: '2026-11-23T10:00:00.000Z',
      direction: 'inbound',
      state: 'abandoned',
      disposition: null,
      agent: null,
      teamName: 'Support',
      notes: null,
      handleSeconds: null,
    },
  ],
};

describe('OfferPanelComponent', () => {
  async function render(shown: CallerHistory | null) {
    TestBed.configureTestingModule({ providers: [{ provide: CALLS_CLOCK, useValue: () => NOW }] });
    const fixture = TestBed.createComponent(OfferPanelComponent);
    fixture.componentRef.setInput('call', ringing);
    fixture.componentRef.setInput('expiresAt', NOW + 15_000);
    fixture.componentRef.setInput('history', shown);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const all = (id: string) =>
      [...element.querySelectorAll(`[data-testid="${id}"]`)].map((node) =>
        (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
      );
    return { element, all };
  }

  it("shows the caller's earlier calls: count, outcome, agent, queue, notes and handle time", async () => {
    const { all, element } = await render(history);
    expect(all('offer-from')).toEqual(['+15550111']);
    expect(all('caller-history-summary')).toEqual(['7 earlier calls (last 2 shown)']);
    const items = all('caller-history-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Inbound');
    expect(items[0]).toContain('3:05');
    expect(all('caller-history-outcome')).toEqual(['Callback scheduled', 'Abandoned']);
    expect(all('caller-history-agent')).toEqual(['Ben Ortiz', 'Nobody']);
    expect(all('caller-history-team')).toEqual(['Support', 'Support']);
    expect(all('caller-history-notes')).toEqual(['Wants a refund by Friday']);
    // The team's CRM, in a new tab that cannot reach back into the console.
    const crm = element.querySelector<HTMLAnchorElement>('[data-testid="caller-history-crm"]');
    expect(crm?.href).toBe('https://crm.example.com/search?phone=%2B15550111');
    expect(crm?.target).toBe('_blank');
    expect(crm?.rel).toBe('noopener noreferrer');
  });

  it('says so for a first-time caller, and shows nothing while the history is unknown', async () => {
    const first = await render({ calls: [], total: 0, crmUrl: null });
    expect(first.all('caller-history-summary')).toEqual(['First call from this number']);
    expect(first.all('caller-history-item')).toEqual([]);
    expect(first.all('caller-history-crm')).toEqual([]);

    TestBed.resetTestingModule();
    const unknown = await render(null);
    expect(unknown.element.querySelector('[data-testid="caller-history"]')).toBeNull();
    expect(unknown.all('answer-call')).toEqual(['Answer']);
  });
});
