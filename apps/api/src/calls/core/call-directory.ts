import { Injectable } from '@nestjs/common';

import { CallReadModelRepository } from './call-read-model.repository';

/**
 * What other areas may ask about a call without reading its table: who works it and for which
 * team (chat's "Ask a supervisor" checks that the asking agent is the call's agent).
 */
@Injectable()
export class CallDirectory {
  constructor(private readonly calls: CallReadModelRepository) {}

  /** The call's current agent (null while queued) and team; undefined for an unknown call. */
  async agentAndTeam(
    callId: string,
  ): Promise<{ agentId: string | null; teamId: string } | undefined> {
    const [record] = await this.calls.records([callId]);
    return record ? { agentId: record.agentId ?? null, teamId: record.teamId } : undefined;
  }
}
