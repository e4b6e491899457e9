/**
 * The one question chat asks about calls ("Ask a supervisor": is the caller the call's agent, and
 * which team's supervisors to ask). Chat may not import the calls area, so this is a port: the
 * composition root (apps/api/src/app) binds it to calls' `CallDirectory`.
 */
export abstract class ChatCallLookup {
  /** The call's current agent (null while queued) and team; undefined for an unknown call. */
  abstract agentAndTeam(
    callId: string,
  ): Promise<{ agentId: string | null; teamId: string } | undefined>;
}
