import { callStateLabel, formatDuration } from './call-labels';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [75, '1:15'],
    [3725, '1:02:05'],
    [12.9, '0:12'],
    [-3, '0:00'],
  ])('%p seconds read %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a dash when there is no figure', () => {
    expect(formatDuration(null)).toBe('—');
  });
});

describe('callStateLabel', () => {
  it('says ringing for an offered call', () => {
    expect(callStateLabel('offered')).toBe('Ringing');
  });
});
