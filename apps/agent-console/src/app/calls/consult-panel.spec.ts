import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';

import { CallConsultView, ConsultTarget, TransferTargetsResult } from '@poscalls4u/contracts';
import { CallsApi, ConsultOutcome } from '@poscalls4u/web-calls';

import { ConsultPanelComponent } from './consult-panel';

const TARGETS: TransferTargetsResult = {
  teams: [{ id: 'team-1', name: 'Support' }],
  agents: [
    { id: 'agent-2', name: 'Bo Free', teamId: 'team-1', teamName: 'Support', status: 'available' },
    { id: 'agent-3', name: 'Cy Busy', teamId: 'team-1', teamName: 'Support', status: 'on_call' },
  ],
  supervisors: [
    { id: 'sup-1', name: 'Sam Lead', teamId: 'team-1', teamName: 'Support', status: 'offline' },
  ],
};

describe('ConsultPanelComponent', () => {
  async function render(consult: CallConsultView | null = null) {
    let reads = 0;
    TestBed.configureTestingModule({
      providers: [
        {
          provide: CallsApi,
          useValue: {
            transferTargets: () => {
              reads++;
              return of(TARGETS);
            },
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(ConsultPanelComponent);
    fixture.componentRef.setInput('consult', consult);
    const started: ConsultTarget[] = [];
    const finished: ConsultOutcome[] = [];
    fixture.componentInstance.start.subscribe((target) => started.push(target));
    fixture.componentInstance.finish.subscribe((outcome) => finished.push(outcome));
    let merges = 0;
    fixture.componentInstance.merge.subscribe(() => merges++);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = <T extends HTMLElement>(id: string) =>
      element.querySelector<T>(`[data-testid="${id}"]`);
    const choose = async (id: string, value: string) => {
      const select = byTestId<HTMLSelectElement>(id);
      if (!select) throw new Error(`no ${id}`);
      select.value = value;
      select.dispatchEvent(new Event('change'));
      await fixture.whenStable();
    };
    return {
      fixture,
      byTestId,
      choose,
      started,
      finished,
      reads: () => reads,
      merges: () => merges,
    };
  }

  it('reads the colleagues when opened, offers only available ones, and starts a consult', async () => {
    const { fixture, byTestId, choose, started, reads } = await render();
    expect(reads()).toBe(0);
    byTestId('consult-open-form')?.click();
    await fixture.whenStable();
    expect(reads()).toBe(1);
    const options = [...(byTestId<HTMLSelectElement>('consult-agent')?.options ?? [])];
    expect(options.map((option) => [option.textContent?.trim(), option.disabled])).toEqual([
      ['Choose a colleague', false],
      ['Bo Free (Support)', false],
      ['Cy Busy (Support) - on call', true],
    ]);
    expect(byTestId<HTMLButtonElement>('consult-submit')?.disabled).toBe(true);
    await choose('consult-agent', 'agent-2|team-1');
    byTestId('consult-submit')?.click();
    expect(started).toEqual([{ type: 'agent', agentId: 'agent-2', teamId: 'team-1' }]);
  });

  it('consults a supervisor of the team', async () => {
    const { fixture, byTestId, choose, started } = await render();
    byTestId('consult-open-form')?.click();
    await fixture.whenStable();
    await choose('consult-kind', 'supervisor');
    const options = [...(byTestId<HTMLSelectElement>('consult-supervisor')?.options ?? [])];
    expect(options.map((option) => option.textContent?.trim())).toEqual([
      'Choose a supervisor',
      'Sam Lead (Support)',
    ]);
    expect(byTestId<HTMLButtonElement>('consult-submit')?.disabled).toBe(true);
    await choose('consult-supervisor', 'sup-1');
    byTestId('consult-submit')?.click();
    expect(started).toEqual([{ type: 'supervisor', supervisorId: 'sup-1' }]);
  });

  it('with a consult open, names the party and completes, merges or cancels it', async () => {
    const { byTestId, finished, merges } = await render({
      id: '0d6e3f3a-2c8b-4f0e-9a1d-5b7c9e2f4a61',
      target: { type: 'number', to: '+15550177' },
      agent: null,
      startedAt: '2026-11-25T09:02:00.000Z',
      answeredAt: null,
    });
    expect(byTestId('consult-party')?.textContent).toContain('Consulting +15550177');
    byTestId('consult-complete')?.click();
    byTestId('consult-cancel')?.click();
    expect(finished).toEqual(['complete', 'cancel']);
    byTestId('consult-merge')?.click();
    expect(merges()).toBe(1);
  });
});
