import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { PbxCallEvent, ValidationIssue } from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { flattenValidationErrors } from '../../platform/http';
import { PbxCallEventDto } from './dto/call-event.dto';

/** Most events in one request: a batch stays well under the body limit and one transaction each. */
export const MAX_EVENTS_PER_REQUEST = 500;

/**
 * The events of a call-events body: one event object, or an array of 1-500 of them.
 * Every event is checked before any is applied, so a batch with one bad event applies nothing;
 * the details name each bad field by its index in the batch (`3.teamId`), or by its name for a
 * single event.
 */
export function parseCallEvents(body: unknown): PbxCallEvent[] {
  const isBatch = Array.isArray(body);
  const items: unknown[] = isBatch ? body : [body];
  if (isBatch && (items.length === 0 || items.length > MAX_EVENTS_PER_REQUEST)) {
    throw AppException.validation('The request is invalid.', [
      {
        field: 'body',
        messages: [`a batch holds 1 to ${MAX_EVENTS_PER_REQUEST} events (got ${items.length})`],
      },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const events = items.map((item, index) => {
    const prefix = isBatch ? `${index}` : '';
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({
        field: prefix || 'body',
        messages: [
          isBatch
            ? `event ${index} must be an object`
            : 'the body must be an event object or an array of events',
        ],
      });
      return undefined;
    }
    const event = plainToInstance(PbxCallEventDto, item);
    const errors = validateSync(event, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    issues.push(...flattenValidationErrors(errors, prefix));
    return event;
  });
  if (issues.length > 0) {
    const message = isBatch
      ? `The request is invalid; nothing was applied (bad events: ${[...new Set(issues.map((issue) => issue.field.split('.')[0]))].join(', ')}).`
      : 'The request is invalid.';
    throw AppException.validation(message, issues);
  }
  // Plain objects for the calls service: only the checked fields, nothing of the DTO class.
  return events.map((event) => ({ ...(event as PbxCallEventDto) }));
}
