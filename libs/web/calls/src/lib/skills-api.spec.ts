import { wideningSteps } from './skills-api';

describe('wideningSteps', () => {
  it('lowers each level one step per wait, drops a requirement below 1, ends with any agent', () => {
    const steps = wideningSteps(
      [
        { skillId: 'es', name: 'Spanish', minLevel: 3 },
        { skillId: 'bi', name: 'Billing', minLevel: 1 },
      ],
      30,
    );
    expect(
      steps.map((step) => [
        step.fromSeconds,
        step.requires.map((item) => `${item.name} ${item.minLevel}`),
      ]),
    ).toEqual([
      [0, ['Spanish 3', 'Billing 1']],
      [30, ['Spanish 2']],
      [60, ['Spanish 1']],
      [90, []],
    ]);
  });

  it('is one step, any agent, when the team requires nothing', () => {
    expect(wideningSteps([], 45)).toEqual([{ fromSeconds: 0, requires: [] }]);
  });
});
