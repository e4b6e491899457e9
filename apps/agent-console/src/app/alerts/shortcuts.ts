/** What a keyboard shortcut of the agent console does. */
export type ShortcutCommand = 'answer' | 'reject' | 'hold-resume' | 'end' | 'wrap-up' | 'help';

export interface Shortcut {
  command: ShortcutCommand;
  /** How the help overlay writes the keys. */
  keys: string;
  description: string;
  /**
   * `KeyboardEvent.code` pressed with Alt+Shift (the key's place, whatever the keyboard layout:
   * Alt+letter types accented letters on a Mac). Alt+Shift because Chrome keeps Alt+E and Alt+F
   * for its own menu; none of these collides with a browser shortcut.
   */
  code?: string;
}

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    command: 'answer',
    keys: 'Alt + Shift + A',
    code: 'KeyA',
    description: 'Answer the ringing call',
  },
  {
    command: 'reject',
    keys: 'Alt + Shift + R',
    code: 'KeyR',
    description: 'Reject the ringing call',
  },
  {
    command: 'hold-resume',
    keys: 'Alt + Shift + H',
    code: 'KeyH',
    description: 'Put the call on hold, or resume it',
  },
  { command: 'end', keys: 'Alt + Shift + E', code: 'KeyE', description: 'End the call' },
  {
    command: 'wrap-up',
    keys: 'Alt + Shift + W',
    code: 'KeyW',
    description: 'Finish wrap-up (opens the wrap-up form from another page)',
  },
  { command: 'help', keys: '?', description: 'Show or hide these shortcuts' },
];

/** True when the key goes into a text field: a plain `?` is then a question mark. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type))
  );
}

/** The command a key press stands for, or null when it is none of the console's shortcuts. */
export function shortcutFor(event: KeyboardEvent): ShortcutCommand | null {
  if (event.ctrlKey || event.metaKey) {
    return null;
  }
  if (event.altKey && event.shiftKey) {
    return SHORTCUTS.find((shortcut) => shortcut.code === event.code)?.command ?? null;
  }
  if (!event.altKey && event.key === '?' && !isTyping(event.target)) {
    return 'help';
  }
  return null;
}
