import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';

import { TransferCallRequest, TransferTargetsResult } from '@poscalls4u/contracts';
import { CallsApi } from '@poscalls4u/web-calls';

import { TransferPanelComponent } from './transfer-panel';

const TARGETS: TransferTargetsResult = {
  teams: [
    { id: 'team-1', name: 'Support' },
    { id: 'team-2', name: 'Billing' },
  ],
  agents: [
    { id: 'agent-2', name: 'Bo Free', teamId: 'team-1', teamName: 'Support', status: 'available' },
    { id: 'agent-3', name: 'Cy Busy', teamId: 'team-1', teamName: 'Support', status: 'on_call' },
  ],
  supervisors: [],
};

describe('TransferPanelComponent', () => {
  async function render() {
    TestBed.configureTestingModule({
      providers: [{ provide: CallsApi, useValue: { transferTargets: () => of(TARGETS) } }],
    });
    const fixture = TestBed.createComponent(TransferPanelComponent);
    const sent: TransferCallRequest[] = [];
    fixture.componentInstance.transfer.subscribe((target) => sent.push(target));
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
    return { fixture, byTestId, choose, sent };
  }

  it("sends the caller to a team's queue once a team is chosen", async () => {
    const { fixture, byTestId, choose, sent } = await render();
    byTestId('transfer-open')?.click();
    await fixture.whenStable();
    const submit = () => byTestId<HTMLButtonElement>('transfer-submit');
    expect(submit()?.disabled).toBe(true);
    await choose('transfer-team', 'team-2');
    expect(submit()?.disabled).toBe(false);
    submit()?.click();
    // The place in queue is the team's by default: the request leaves it out.
    expect(sent).toEqual([{ target: { type: 'queue', teamId: 'team-2' } }]);
  });

  it('lets the agent choose the place in queue for a queue target only', async () => {
    const { fixture, byTestId, choose, sent } = await render();
    byTestId('transfer-open')?.click();
    await fixture.whenStable();
    const position = () => byTestId<HTMLSelectElement>('transfer-queue-position');
    // Offered once the target is a team's queue.
    expect(position()).toBeNull();
    await choose('transfer-team', 'team-1');
    expect([...(position()?.options ?? [])].map((option) => option.textContent?.trim())).toEqual([
      'As the team decides',
      'Keep their place',
      'Back of the queue',
    ]);
    await choose('transfer-queue-position', 'back');
    byTestId('transfer-submit')?.click();
    expect(sent).toEqual([{ target: { type: 'queue', teamId: 'team-1' }, queuePosition: 'back' }]);

    // Not for a colleague: the select goes, and the request carries no place.
    await choose('transfer-kind', 'agent');
    expect(position()).toBeNull();
    await choose('transfer-agent', 'agent-2|team-1');
    byTestId('transfer-submit')?.click();
    expect(sent.at(-1)).toEqual({
      target: { type: 'agent', agentId: 'agent-2', teamId: 'team-1' },
    });
  });

  it('offers only available colleagues, and checks an outside number', async () => {
    const { fixture, byTestId, choose, sent } = await render();
    byTestId('transfer-open')?.click();
    await fixture.whenStable();
    await choose('transfer-kind', 'agent');
    const options = [...(byTestId<HTMLSelectElement>('transfer-agent')?.options ?? [])];
    expect(options.map((option) => [option.textContent?.trim(), option.disabled])).toEqual([
      ['Choose a colleague', false],
      ['Bo Free (Support)', false],
      ['Cy Busy (Support) - on call', true],
    ]);
    await choose('transfer-agent', 'agent-2|team-1');
    byTestId('transfer-submit')?.click();
    expect(sent).toEqual([{ target: { type: 'agent', agentId: 'agent-2', teamId: 'team-1' } }]);

    await choose('transfer-kind', 'number');
    const number = byTestId<HTMLInputElement>('transfer-number');
    if (!number) throw new Error('no number field');
    number.value = 'not a number';
    number.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(byTestId<HTMLButtonElement>('transfer-submit')?.disabled).toBe(true);
    number.value = '+15550177';
    number.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    byTestId('transfer-submit')?.click();
    expect(sent.at(-1)).toEqual({ target: { type: 'number', to: '+15550177' } });
  });
});
