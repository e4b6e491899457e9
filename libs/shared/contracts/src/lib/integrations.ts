import {
  AssistMode,
  CallDirection,
  ConferencePartyKind,
  ConsultFailureReason,
  ConsultTarget,
  QueuePosition,
  TransferTarget,
} from './calls';

/**
 * Telephony integrations: a PBX (Asterisk, Twilio, Amazon Connect, ...) posts its call events to
 * `POST /api/integrations/:id/call-events`, signed with the integration's shared secret, and
 * receives the agents' actions on its webhook. See docs/integrations.md.
 */

/** The header every request (and every outgoing webhook) carries: `t=<unix seconds>,v1=<hex>`. */
export const SIGNATURE_HEADER = 'x-poscalls-signature';
/** A signature older or newer than this is refused, so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const PbxEventType = {
  Queued: 'call.queued',
  Abandoned: 'call.abandoned',
  Connected: 'call.connected',
  Ended: 'call.ended',
  Hold: 'call.hold',
  Resumed: 'call.resumed',
  /**
   * The PBX handed a connected or held caller on: to an outside number (`transferTo`) or to a
   * team's queue (`transferTeamId`). It confirms a `call.transfer` webhook (acknowledged, nothing
   * changes: the transfer is recorded already), or records a transfer made at the phone.
   */
  Transferred: 'call.transferred',
  /** A supervisor's assist is up (or changed mode) at the PBX: `assistMode`, `supervisorEmail`. */
  AssistStarted: 'assist.started',
  /** The supervisor's leg is gone (they hung up, or the PBX dropped it). */
  AssistEnded: 'assist.ended',
  /**
   * A conference party's leg is up (`partyId`, from the `call.conference*` webhook): joining ->
   * joined. A party that has left stays left (a late or repeated join is ignored).
   */
  ConferencePartyJoined: 'conference.party_joined',
  /**
   * A conference party's leg is gone (`partyId`): it hung up or was dropped. An agent or
   * supervisor goes to after-call work; the call's agent leaving hands the call on as
   * `POST /api/calls/:id/conference/leave` does.
   */
  ConferencePartyLeft: 'conference.party_left',
  /** The conference bridge is gone: the call ends as with `call.ended`. */
  ConferenceEnded: 'conference.ended',
  /**
   * The consulted party picked up the consult leg of `call.consult` (`consultId`): recorded on
   * the consult (`answeredAt`) and in the timeline; the agent now talks to them.
   */
  ConsultAnswered: 'call.consult.answered',
  /**
   * The consult leg of `call.consult` (`consultId`) failed (`failureReason`: no answer, busy,
   * unreachable) or the consulted party hung up: the consult closes, the caller is resumed and a
   * consulted agent is free, as when the agent cancels; the agent sees why.
   */
  ConsultFailed: 'call.consult.failed',
} as const;

export type PbxEventType = (typeof PbxEventType)[keyof typeof PbxEventType];

export const PBX_EVENT_TYPES: readonly PbxEventType[] = Object.values(PbxEventType);

/** One event from the PBX. Fields beyond `id`, `type`, `occurredAt` and `callId` as each type needs. */
export interface PbxCallEvent {
  /** Unique per integration: a repeated id is acknowledged and not applied twice. */
  id: string;
  type: PbxEventType;
  /** ISO 8601; the call's times come from here, not from when the event arrived. */
  occurredAt: string;
  /** The PBX's own call id. */
  callId: string;
  /** `call.queued` (and any first event of a call): the team whose queue the call joins. */
  teamId?: string;
  /** `call.queued`: inbound by default. */
  direction?: CallDirection;
  from?: string;
  to?: string;
  /** `call.queued`: higher is served first. */
  priority?: number;
  /** `call.connected`: the agent who answered, by email, when the PBX routed the call itself. */
  agentEmail?: string;
  /** `call.transferred`: the outside number the caller went to. */
  transferTo?: string;
  /** `call.transferred`: the team whose queue the caller went to. */
  transferTeamId?: string;
  /** `assist.started`: how the supervisor is on the call. */
  assistMode?: AssistMode;
  /** `assist.started`: the supervisor, by email, when the PBX started the assist itself. */
  supervisorEmail?: string;
  /** `conference.party_*`: the party, by the id our `call.conference*` webhook gave it. */
  partyId?: string;
  /**
   * `call.queued`: the skills the caller needs (chosen in the IVR), by skill name or id from
   * `GET /api/skills`; without it, the team's default requirement applies. Skills not in the
   * catalogue are left out and named in the event's `details.unknownSkills`.
   */
  requiredSkills?: PbxRequiredSkill[];
  /** `call.consult.*`: the consult it reports on, from the `call.consult` webhook's `consultId`. */
  consultId?: string;
  /** `call.consult.failed`: why (default `unreachable`). */
  failureReason?: ConsultFailureReason;
}

/** A skill a call from the PBX requires: `{ "skill": "Spanish", "minLevel": 3 }`. */
export interface PbxRequiredSkill {
  /** The skill's name (case-insensitive) or id. */
  skill: string;
  /** 1-5. */
  minLevel: number;
}

/** The answer for one event. */
export interface PbxEventResult {
  id: string;
  /** `applied`: it moved the call; `duplicate`: seen before; `ignored`: too late or no longer legal. */
  outcome: 'applied' | 'duplicate' | 'ignored';
  /** Our call id, when the event concerned a call we know. */
  callId: string | null;
  /** Why an event was ignored. */
  reason?: string;
}

export interface IngestResult {
  results: PbxEventResult[];
}

export interface IntegrationView {
  id: string;
  name: string;
  webhookUrl: string | null;
  isActive: boolean;
  createdAt: string;
  /** Where to post call events. */
  callEventsUrl: string;
}

/**
 * Where a command posted to an integration's webhook stands: `pending` (queued, or retried by
 * hand), `delivered` (a 2xx answer), `retrying` (a try failed; the queue tries again with
 * backoff), `failed` (every try failed), `dropped` (not sent: the integration is inactive or has
 * no webhook URL).
 */
export const WEBHOOK_DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'retrying',
  'failed',
  'dropped',
] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One command posted to an integration's webhook, however many tries it took. */
export interface WebhookDeliveryView {
  id: string;
  integrationId: string;
  /** The action's id (the PBX de-duplicates on it). */
  actionId: string;
  /** The command, e.g. `agent.dial`. */
  command: string;
  callId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** What went wrong on the last try (`answered 503`, `no answer within 10 s`...). */
  lastError: string | null;
  /** The HTTP status of the last answer; null when there was none. */
  responseCode: number | null;
  createdAt: string;
  lastAttemptAt: string | null;
}

/** `data` of `POST /api/integrations/:id/deliveries/:deliveryId/retry`: `data.delivery`. */
export interface WebhookDeliveryResult {
  delivery: WebhookDeliveryView;
}

/** Returned once, at creation and on rotation: the secret is never shown again. */
export interface IntegrationWithSecretView extends IntegrationView {
  secret: string;
}

/** `data` of `GET/PATCH/DELETE /api/integrations/:id`: `data.integration`. */
export interface IntegrationResult {
  integration: IntegrationView;
}

/**
 * `data` of `POST /api/integrations` and `POST /api/integrations/:id/rotate-secret`: the
 * integration with its secret, shown this once.
 */
export interface IntegrationWithSecretResult {
  integration: IntegrationWithSecretView;
}

export interface CreateIntegrationRequest {
  name: string;
  webhookUrl?: string;
}

export interface UpdateIntegrationRequest {
  name?: string;
  webhookUrl?: string | null;
  isActive?: boolean;
}

/**
 * What PosCalls4U asks the PBX to do, posted to the integration's webhook, signed like the
 * incoming events. Delivered at least once: the PBX de-duplicates on `id`.
 */
export const WebhookActionType = {
  Answer: 'agent.answer',
  Reject: 'agent.reject',
  Hold: 'agent.hold',
  Resume: 'agent.resume',
  Hangup: 'agent.hangup',
  Dial: 'agent.dial',
  Offer: 'call.offered',
  WrappedUp: 'call.wrapped_up',
  /** A blind transfer: hand the caller to `target`. */
  Transfer: 'call.transfer',
  /**
   * A consult (attended transfer) starts: hold the caller and ring `target` (an agent, or an
   * outside number) on a second leg from the agent.
   */
  ConsultStart: 'call.consult',
  /** The consult completes: bridge the caller to the consulted party and drop the agent. */
  ConsultComplete: 'call.consult_complete',
  /** The consult is cancelled: drop the consult leg and take the caller off hold. */
  ConsultCancel: 'call.consult_cancel',
  /**
   * Merge the open consult into a conference: the caller (off hold), the agent and the consulted
   * party (`party`, with the conference's ids of all three in `conference.parties`).
   */
  ConferenceMerge: 'call.conference',
  /** Ring `party` (an agent, a supervisor or an outside number) into the call's conference. */
  ConferenceAdd: 'call.conference_add',
  /** Drop `party`'s leg from the conference (the call's agent removed it). */
  ConferenceRemove: 'call.conference_remove',
  /**
   * `party` (an agent or supervisor) leaves; the conference goes on without them
   * (`conference.owner`: who has the call now, null when only outside parties remain).
   */
  ConferenceLeave: 'call.conference_leave',
  /** The call ended: drop every leg of the conference (endConferenceOnExit for all). */
  ConferenceEnd: 'call.conference_end',
  /** Stop sending the agent's audio to the caller (the agent still hears them). */
  Mute: 'agent.mute',
  Unmute: 'agent.unmute',
  /** Play `digits` (0-9 * #) into the call, towards the far end, as RFC 4733 / in-band DTMF. */
  Dtmf: 'agent.dtmf',
  /**
   * A supervisor starts assisting the call (`assist.mode`: listen, whisper or barge), from
   * their own phone: connect their leg to the agent's channel that way.
   */
  AssistStart: 'supervisor.assist',
  /** The assisting supervisor switches mode on the leg already up (`assist.mode`). */
  AssistChange: 'supervisor.assist_change',
  /** Drop the supervisor's leg. */
  AssistStop: 'supervisor.assist_stop',
} as const;

export type WebhookActionType = (typeof WebhookActionType)[keyof typeof WebhookActionType];

/** A conference party as a webhook names it. */
export interface WebhookConferenceParty {
  id: string;
  kind: ConferencePartyKind;
  /** An agent's or supervisor's contact (the PBX rings their phone); null otherwise. */
  user: { id: string; email: string; name: string } | null;
  /** `number`: the outside number; null otherwise. */
  number: string | null;
}

export interface WebhookAction {
  id: string;
  type: WebhookActionType;
  occurredAt: string;
  /** Our call id. */
  callId: string;
  /** The PBX's call id, null for an outbound call it has not reported yet. */
  externalId: string | null;
  agent: { id: string; email: string; name: string } | null;
  /** `agent.dial`: the number to call; `call.wrapped_up`: the disposition. */
  to?: string;
  from?: string;
  disposition?: string;
  /** `call.transfer`, `call.consult*`: where the caller goes, or who the consult calls. */
  target?: TransferTarget | ConsultTarget;
  /** `call.conference*`: the party concerned, by the id the PBX's conference events use. */
  party?: WebhookConferenceParty;
  /** `call.conference`, `call.conference_leave`: the conference's parties now, and its owner. */
  conference?: {
    parties: WebhookConferenceParty[];
    /** The agent or supervisor who has the call (null: only outside parties remain). */
    owner: { id: string; email: string; name: string } | null;
  };
  /**
   * `call.transfer` to a queue or an agent: where the call takes its place in that team's queue
   * (PosCalls4U orders the queue; a PBX that runs its own queue can follow it).
   */
  queuePosition?: QueuePosition;
  /** `call.consult*`: the consult's id, which `call.consult.answered` / `.failed` name. */
  consultId?: string;
  /** `agent.dtmf`: the keypad digits to play, in order. */
  digits?: string;
  /** `supervisor.*`: the supervisor and the mode (absent on a stop). */
  assist?: {
    mode?: AssistMode;
    supervisor: { id: string; email: string; name: string };
  };
}
