import { FormGroup } from '@angular/forms';

import { ErrorCode } from '@poscalls4u/contracts';
import { apiErrorMessage } from '@poscalls4u/web-auth';
import { ApiFailure } from '@poscalls4u/web-core';

/** The validator key under which a control carries the API's words about it. */
export const SERVER_ERROR = 'server';

/**
 * Shows a failed save where it belongs: each validation detail whose field names a control of
 * `form` goes onto that control (as the `server` error, shown by its `mat-error`), and the
 * sentence returned is for the top of the form: the API's own message, followed by the details
 * that matched no control. The API says exactly what is wrong ("from must be before to"), so the
 * person must read that rather than a generic "The request is invalid."
 */
export function showApiFailure(form: FormGroup, failure: ApiFailure, fallback: string): string {
  if (failure.code !== ErrorCode.ValidationError) {
    return apiErrorMessage(failure, {}, fallback);
  }
  const unplaced: string[] = [];
  for (const issue of failure.details ?? []) {
    // `thresholds.serviceLevelBelowPercent` names the control `serviceLevelBelowPercent`.
    const name = issue.field.split('.').pop() ?? issue.field;
    const control = form.get(name);
    const text = issue.messages.join(' ');
    if (control === null) {
      unplaced.push(text);
      continue;
    }
    control.setErrors({ ...control.errors, [SERVER_ERROR]: text });
    control.markAsTouched();
  }
  return [failure.message ?? fallback, ...unplaced].join(' ');
}

/** The API's words about one control, or null. */
export function serverError(form: FormGroup, name: string): string | null {
  const errors = form.get(name)?.errors;
  const text: unknown = errors?.[SERVER_ERROR];
  return typeof text === 'string' ? text : null;
}
