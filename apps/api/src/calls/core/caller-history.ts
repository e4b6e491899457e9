import { Injectable } from '@nestjs/common';

import {
  CALLER_HISTORY_SIZE,
  CRM_FROM_PLACEHOLDER,
  CallView,
  CallerHistory,
} from '@poscalls4u/contracts';

import { CallReadModelRepository } from './call-read-model.repository';
import { toCallerHistory } from './call-views';

/**
 * Who is calling, for the agent a call rings at: the caller's earlier calls to the call's team.
 * The team is the visibility rule: the agent answers for it, so they see its calls from the
 * number, whoever handled them, and nothing from teams they do not work for.
 */
@Injectable()
export class CallerHistoryReader {
  constructor(private readonly readModel: CallReadModelRepository) {}

  /** The history of an inbound call's caller; null for an outbound call (nobody called in). */
  async of(call: CallView): Promise<CallerHistory | null> {
    if (call.direction !== 'inbound') return null;
    const [{ rows, total }, template] = await Promise.all([
      this.readModel.callerHistory(call.teamId, call.from, call.id, CALLER_HISTORY_SIZE),
      this.readModel.crmUrlTemplate(call.teamId),
    ]);
    return toCallerHistory(rows, total, crmUrl(template, call.from));
  }
}

/**
 * The team's CRM link for a caller: the template with every `{from}` replaced by the number,
 * URL-encoded (a `+` must not turn into a space); null without a template.
 */
function crmUrl(template: string | null, from: string): string | null {
  if (template === null) return null;
  return template.split(CRM_FROM_PLACEHOLDER).join(encodeURIComponent(from));
}
