import { E2eeInputError, E2eeVerificationError } from './errors';

/** The plaintext inside a message ciphertext; only clients ever see it. */
export interface ChatPlaintext {
  v: 1;
  type: 'text';
  /** At most 4,000 characters. */
  text: string;
  /** A reference to a call ("Ask a supervisor"): its id, nothing from the caller. */
  callRef?: { callId: string };
}

export const MAX_TEXT_LENGTH = 4000;

/** Checks a plaintext before encryption (programming errors) or after decryption (a bad sender). */
export function checkPlaintext(value: unknown, direction: 'encrypt' | 'decrypt'): ChatPlaintext {
  const problem = plaintextProblem(value);
  if (problem === undefined) return value as ChatPlaintext;
  if (direction === 'encrypt') throw new E2eeInputError(`cannot encrypt: ${problem}`);
  throw new E2eeVerificationError('malformed', `the decrypted message ${problem}`);
}

function plaintextProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const message = value as Partial<Record<keyof ChatPlaintext, unknown>>;
  if (message.v !== 1 || message.type !== 'text') return 'is not a version 1 text message';
  if (typeof message.text !== 'string') return 'has no text';
  if (message.text.length > MAX_TEXT_LENGTH) return `has more than ${MAX_TEXT_LENGTH} characters`;
  if (message.callRef !== undefined) {
    const callRef = message.callRef as { callId?: unknown } | null;
    if (typeof callRef !== 'object' || callRef === null || typeof callRef.callId !== 'string') {
      return 'has a call reference without a call id';
    }
  }
  return undefined;
}
