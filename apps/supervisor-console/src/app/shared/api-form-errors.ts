import { FormGroup } from '@angular/forms';

import { ErrorCode } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { ApiFailure } from '@poscalls4u/web-core';

/** The validator key under which a control carries the API's words about it. */
export const SERVER_ERROR = 'server';

/**
 * Shows a failed request where it belongs: each validation detail whose field names a control of
 * `form` goes onto that control (as the `server` error, shown beside it), and the sentence
 * returned is for the top of the form: the API's specific words (the details of a validation
 * error, the message otherwise), never only a generic "The request is invalid."
 */
export function showApiFailure(form: FormGroup, failure: ApiFailure, fallback: string): string {
  if (failure.code === ErrorCode.ValidationError) {
    for (const issue of failure.details ?? []) {
      // `thresholds.serviceLevelBelowPercent` names the control `serviceLevelBelowPercent`.
      const control = form.get(issue.field.split('.').pop() ?? issue.field);
      if (control === null) continue;
      control.setErrors({ ...control.errors, [SERVER_ERROR]: issue.messages.join(' ') });
      control.markAsTouched();
    }
  }
  return apiErrorMessage(failure, {}, fallback);
}

/** The API's words about one control, or null. */
export function serverError(form: FormGroup, name: string): string | null {
  const errors = form.get(name)?.errors;
  const text: unknown = errors?.[SERVER_ERROR];
  return typeof text === 'string' ? text : null;
}
