import { SHORTCUTS, shortcutFor } from './shortcuts';

const key = (init: KeyboardEventInit, target?: HTMLElement) => {
  const event = new KeyboardEvent('keydown', { bubbles: true, ...init });
  if (target) {
    target.dispatchEvent(event);
  }
  return event;
};

describe('shortcutFor', () => {
  it.each([
    ['KeyA', 'answer'],
    ['KeyR', 'reject'],
    ['KeyH', 'hold-resume'],
    ['KeyE', 'end'],
    ['KeyW', 'wrap-up'],
  ] as const)('reads Alt+Shift+%s as %s, whatever letter the layout types', (code, command) => {
    expect(shortcutFor(key({ code, key: 'Å', altKey: true, shiftKey: true }))).toBe(command);
  });

  it('leaves other keys, and the same letters without Alt+Shift or with Ctrl, alone', () => {
    expect(shortcutFor(key({ code: 'KeyA', key: 'a' }))).toBeNull();
    expect(shortcutFor(key({ code: 'KeyA', key: 'a', altKey: true }))).toBeNull();
    expect(
      shortcutFor(key({ code: 'KeyA', key: 'A', altKey: true, shiftKey: true, ctrlKey: true })),
    ).toBeNull();
    expect(shortcutFor(key({ code: 'KeyZ', key: 'Z', altKey: true, shiftKey: true }))).toBeNull();
  });

  it('opens the help with ?, except while typing in a field', () => {
    expect(shortcutFor(key({ key: '?', shiftKey: true }))).toBe('help');
    const field = document.createElement('textarea');
    document.body.append(field);
    let typed: string | null = 'unset';
    field.addEventListener('keydown', (event) => (typed = shortcutFor(event)));
    key({ key: '?', shiftKey: true }, field);
    expect(typed).toBeNull();
    field.remove();
  });

  it('lists every command once in the help', () => {
    const commands = SHORTCUTS.map((shortcut) => shortcut.command);
    expect(new Set(commands).size).toBe(commands.length);
    expect(commands).toEqual(['answer', 'reject', 'hold-resume', 'end', 'wrap-up', 'help']);
  });
});
