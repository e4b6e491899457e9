import { CallConsultView } from '@poscalls4u/contracts';
import { CallRow } from '@poscalls4u/server-database';

/** The consult open on a call (the `calls.consult` column), or null. */
export function consultOf(call: Pick<CallRow, 'consult'>): CallConsultView | null {
  return (call.consult as CallConsultView | null) ?? null;
}

/**
 * The agent a call's open consult reserves (their presence is on this call), or null: whoever
 * ends the conversation while a consult is open (a hang-up) frees them.
 */
export function consultedAgentId(call: Pick<CallRow, 'consult'>): string | null {
  return consultOf(call)?.agent?.id ?? null;
}
