import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';

import { TransferTarget, TransferTargetsResult } from '@poscalls4u/contracts';
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
    const sent: TransferTarget[] = [];
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
    expect(sent).toEqual([{ type: 'queue', teamId: 'team-2' }]);
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
    expect(sent).toEqual([{ type: 'agent', agentId: 'agent-2', teamId: 'team-1' }]);

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
    expect(sent.at(-1)).toEqual({ type: 'number', to: '+15550177' });
  });
});
