import { OperatorFunction, map } from 'rxjs';

import { SuccessEnvelope } from '@poscalls4u/contracts';

/** Turns a `{ success: true, data }` answer into its `data`; failures arrive as HTTP errors. */
export function unwrapEnvelope<T>(): OperatorFunction<SuccessEnvelope<T>, T> {
  return map((envelope) => envelope.data);
}
