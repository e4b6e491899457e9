import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsISO8601,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import {
  AGENT_STATUSES,
  ASSIST_MODES,
  AgentStatus,
  AssistMode,
  CALL_DIRECTIONS,
  CALL_STATES,
  CONSULT_TARGET_TYPES,
  CallAssistView,
  CallConferencePartyView,
  CallConferenceView,
  CallConsultView,
  CallDetailView,
  CallDirection,
  CallDurations,
  CallEventSource,
  CallEventType,
  CallEventView,
  CallSegmentView,
  CallState,
  CallView,
  CallerHistory,
  CallerHistoryCall,
  ConferencePartyKind,
  ConferencePartyLeftReason,
  ConferencePartyState,
  ConsultTarget,
  CreateCallRequest,
  CreateQaReviewRequest,
  CurrentCallResult,
  DTMF_DIGITS,
  ListCallsQuery,
  MAX_DTMF_DIGITS,
  QUEUE_POSITIONS,
  QaReviewView,
  QueuePosition,
  SendDtmfRequest,
  StartAssistRequest,
  StartOutboundCallRequest,
  TRANSFER_TARGET_TYPES,
  TransferAgentOption,
  TransferCallRequest,
  TransferTarget,
  TransferTargetsResult,
  WrapUpCallRequest,
} from '@poscalls4u/contracts';

import { CursorPageQueryDto, toList } from '../../platform/http';
import { DispositionViewDto } from '../dispositions/dispositions.dto';

/** E.164 (`+15550100`), a bare number or an extension (`204`, `*72`). */
const PHONE_NUMBER = /^\+?[0-9*#]{1,32}$/;
const PHONE_MESSAGE = 'must be a phone number (E.164 such as +15550100) or an extension';

const CALL_EVENT_TYPES: CallEventType[] = [
  'dialing',
  'queued',
  'offered',
  'rejected',
  'missed',
  'connected',
  'held',
  'resumed',
  'ended',
  'wrapped_up',
  'transferred',
  'abandoned',
  'failed',
  'reviewed',
  'muted',
  'unmuted',
  'dtmf',
  'consult_started',
  'consult_cancelled',
  'conference_started',
  'party_added',
  'party_joined',
  'party_left',
  'conference_ended',
  'consult_answered',
  'consult_failed',
];

function trim({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

export class CallIdParamDto {
  /** @example "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" */
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class CallPersonDto {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "Amara Okafor" */
  name!: string;
}

export class CallDurationsDto implements CallDurations {
  /** Queued until answered or abandoned, ringing included. @example 14 */
  @ApiProperty({ type: Number, nullable: true, example: 14 })
  waitSeconds!: number | null;
  /** Offered until answered, over every offer. @example 6 */
  @ApiProperty({ type: Number, nullable: true, example: 6 })
  ringSeconds!: number | null;
  /** Connected time, hold excluded. @example 185 */
  @ApiProperty({ type: Number, nullable: true, example: 185 })
  talkSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20 })
  holdSeconds!: number | null;
  /** Wrap-up start until completed. @example 30 */
  @ApiProperty({ type: Number, nullable: true, example: 30 })
  afterCallWorkSeconds!: number | null;
  /** Talk + hold + after-call work. @example 235 */
  @ApiProperty({ type: Number, nullable: true, example: 235 })
  handleSeconds!: number | null;
}

export class CallViewDto implements CallView {
  /** @example "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" */
  id!: string;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  teamName!: string;
  @ApiProperty({ enum: CALL_DIRECTIONS, example: 'inbound' })
  direction!: CallDirection;
  @ApiProperty({ enum: CALL_STATES, example: 'connected' })
  state!: CallState;
  /** Caller number. @example "+15550100" */
  from!: string;
  /** Called number. @example "+15550199" */
  to!: string;
  @ApiProperty({ type: String, nullable: true, example: 'asterisk-1700000000.42' })
  externalId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  integrationId!: string | null;
  /** Higher is served first (0-100). @example 0 */
  priority!: number;
  /** The agent it rings at, or who handled it last. */
  @ApiProperty({ type: CallPersonDto, nullable: true })
  agent!: CallPersonDto | null;
  /** First joined a queue: the call's arrival (statistics count it here) and its place in line. */
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:00:00.000Z' })
  queuedAt!: string | null;
  /**
   * When a transfer sent the call to the back of its queue: its place in line since. Null: its
   * place is its arrival (`queuedAt`).
   */
  @ApiProperty({ type: String, nullable: true, example: null })
  requeuedAt!: string | null;
  /** When the offer stops ringing (state `offered` only). */
  @ApiProperty({ type: String, nullable: true, example: null })
  offerExpiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:00:14.000Z' })
  answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  completedAt!: string | null;
  @ApiProperty({ type: DispositionViewDto, nullable: true })
  disposition!: DispositionViewDto | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;
  durations!: CallDurationsDto;
  /** The agent's microphone is muted (live calls only). @example false */
  muted!: boolean;
  /** The consult leg I have open while the caller holds (live calls only), or null. */
  @ApiProperty({ type: () => CallConsultViewDto, nullable: true, example: null })
  consult!: CallConsultViewDto | null;
  /** The call's conference and its parties (kept after it ended), or null: it never had one. */
  @ApiProperty({ type: () => CallConferenceViewDto, nullable: true, example: null })
  conference!: CallConferenceViewDto | null;
  /** @example "2026-11-25T09:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-11-25T09:00:14.000Z" */
  updatedAt!: string;
}

export class CallerHistoryDispositionDto {
  /** @example "resolved" */
  code!: string;
  /** @example "Resolved" */
  label!: string;
}

export class CallerHistoryCallDto implements CallerHistoryCall {
  /** @example "9b1f6f3e-2c4d-4a8e-8f0a-6d5c4b3a2e1f" */
  id!: string;
  /** When it arrived. @example "2026-11-20T14:02:00.000Z" */
  at!: string;
  @ApiProperty({ enum: CALL_DIRECTIONS, example: 'inbound' })
  direction!: CallDirection;
  @ApiProperty({ enum: CALL_STATES, example: 'completed' })
  state!: CallState;
  @ApiProperty({ type: CallerHistoryDispositionDto, nullable: true })
  disposition!: CallerHistoryDispositionDto | null;
  /** Who handled it last; null when nobody answered. */
  @ApiProperty({ type: CallPersonDto, nullable: true })
  agent!: CallPersonDto | null;
  /** The team (queue) it came to. @example "Support" */
  teamName!: string;
  /** The wrap-up notes; null when none. */
  @ApiProperty({ type: String, nullable: true, example: 'Refund promised by Friday' })
  notes!: string | null;
  /** Talk + hold + after-call work; null when never answered. */
  @ApiProperty({ type: Number, nullable: true, example: 184 })
  handleSeconds!: number | null;
}

export class CallerHistoryDto implements CallerHistory {
  /** The last 5 earlier calls from the number to the call's team, newest first. */
  @ApiProperty({ type: [CallerHistoryCallDto] })
  calls!: CallerHistoryCallDto[];
  /** Every earlier call from the number to the team. @example 7 */
  total!: number;
  /** The caller in the team's CRM (its `crmUrlTemplate` filled in); null when it has none. */
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://crm.example.com/search?phone=%2B15550100',
  })
  crmUrl!: string | null;
}

export class AssistNoticeDto {
  @ApiProperty({ enum: ASSIST_MODES, example: 'listen' })
  mode!: AssistMode;
}

export class TransferTeamOptionDto {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  id!: string;
  /** @example "Billing" */
  name!: string;
}

export class TransferAgentOptionDto implements TransferAgentOption {
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  id!: string;
  /** @example "Ana Agent" */
  name!: string;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  teamName!: string;
  /** Only `available` agents take a transfer. */
  @ApiProperty({ enum: AGENT_STATUSES, example: 'available' })
  status!: AgentStatus;
}

export class TransferTargetsResultDto implements TransferTargetsResult {
  @ApiProperty({ type: [TransferTeamOptionDto] })
  teams!: TransferTeamOptionDto[];
  @ApiProperty({ type: [TransferAgentOptionDto] })
  agents!: TransferAgentOptionDto[];
  /** The supervisors of my teams (a consult or a conference can call them). */
  @ApiProperty({ type: [TransferAgentOptionDto] })
  supervisors!: TransferAgentOptionDto[];
}

export class CurrentCallResultDto implements CurrentCallResult {
  @ApiProperty({ type: CallViewDto, nullable: true })
  call!: CallViewDto | null;
  @ApiProperty({ type: CallerHistoryDto, nullable: true })
  callerHistory!: CallerHistoryDto | null;
  /** How a supervisor assists my call, when the organisation tells agents; else null. */
  @ApiProperty({ type: AssistNoticeDto, nullable: true, example: null })
  assist!: AssistNoticeDto | null;
}

export class CallEventViewDto implements CallEventView {
  /** @example "9b1d7c2e-0f3a-4b5c-8d6e-7f8a9b0c1d2e" */
  id!: string;
  @ApiProperty({ enum: CALL_EVENT_TYPES, example: 'connected' })
  type!: CallEventType;
  @ApiProperty({ enum: CALL_STATES, nullable: true, example: 'offered' })
  fromState!: CallState | null;
  @ApiProperty({ enum: CALL_STATES, nullable: true, example: 'connected' })
  toState!: CallState | null;
  @ApiProperty({ type: CallPersonDto, nullable: true })
  agent!: CallPersonDto | null;
  @ApiProperty({ enum: ['agent', 'supervisor', 'system', 'pbx'], example: 'agent' })
  source!: CallEventSource;
  /** @example "2026-11-25T09:00:14.000Z" */
  occurredAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { reason: 'timeout' },
  })
  details!: Record<string, unknown> | null;
}

export class QaReviewViewDto implements QaReviewView {
  /** @example "5c4b3a29-1807-4f6e-9d5c-4b3a29180706" */
  id!: string;
  /** @example "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" */
  callId!: string;
  reviewer!: CallPersonDto;
  /** 0-100. @example 85 */
  score!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Clear and friendly; confirm the address next time.',
  })
  comments!: string | null;
  /** @example "2026-11-25T10:00:00.000Z" */
  createdAt!: string;
}

export class CallSegmentViewDto implements CallSegmentView {
  /** 1, 2, ... in order. @example 1 */
  seq!: number;
  /** The team the call belonged to during the segment. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Support" */
  teamName!: string;
  @ApiProperty({ type: CallPersonDto, nullable: true })
  agent!: CallPersonDto | null;
  /** The agent picked up. @example "2026-11-25T09:00:14.000Z" */
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:00:14.000Z' })
  startedAt!: string | null;
  /** Transferred, or the talk ended; null while it goes on. @example "2026-11-25T09:03:14.000Z" */
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:03:14.000Z' })
  endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 6 })
  ringSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 })
  talkSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20 })
  holdSeconds!: number | null;
  /** Null for a segment a transfer closed (the agent was free at once) or not yet wrapped up. */
  @ApiProperty({ type: Number, nullable: true, example: null })
  afterCallWorkSeconds!: number | null;
  /** Where the transfer that closed the segment sent the caller; null for the last segment. */
  @ApiProperty({ type: () => TransferTargetDto, nullable: true })
  transferredTo!: TransferTarget | null;
}

export class CallDetailViewDto extends CallViewDto implements CallDetailView {
  /** Each agent's part in order: one segment for a call never transferred. */
  segments!: CallSegmentViewDto[];
  /** Every event in the order it was applied. */
  timeline!: CallEventViewDto[];
  qaReviews!: QaReviewViewDto[];
}

export class ListCallsQueryDto extends CursorPageQueryDto implements ListCallsQuery {
  /** Created at or after (ISO 8601). @example "2026-11-01T00:00:00Z" */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  /** Created at or before (ISO 8601). @example "2026-11-30T23:59:59Z" */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;

  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;

  /** Calls handled last by this agent. @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: CALL_STATES,
    description: 'One state, or several: repeated (`state=a&state=b`) or comma-separated.',
    example: ['completed', 'abandoned'],
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(CALL_STATES, { each: true, message: `state must be among: ${CALL_STATES.join(', ')}` })
  @ArrayMaxSize(CALL_STATES.length)
  state?: CallState[];

  @ApiPropertyOptional({ enum: CALL_DIRECTIONS, example: 'inbound' })
  @IsOptional()
  @IsIn(CALL_DIRECTIONS)
  direction?: CallDirection;

  /** A disposition code. @example "resolved" */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  disposition?: string;

  /** Text searched in the wrap-up notes (case-insensitive). @example "refund" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class CreateCallDto implements CreateCallRequest {
  /** The team whose queue the call joins. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId!: string;

  /** Caller number. @example "+15550100" */
  @Matches(PHONE_NUMBER, { message: `from ${PHONE_MESSAGE}` })
  from!: string;

  /** Called number. @example "+15550199" */
  @Matches(PHONE_NUMBER, { message: `to ${PHONE_MESSAGE}` })
  to!: string;

  /** 0-100, higher is served first (default 0). @example 0 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;
}

export class StartOutboundCallDto implements StartOutboundCallRequest {
  /** The team the call is made for (you must be a member). @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId!: string;

  /** The number to call. @example "+15550142" */
  @Matches(PHONE_NUMBER, { message: `to ${PHONE_MESSAGE}` })
  to!: string;

  /** The number shown to the callee (default `anonymous`). @example "+15550199" */
  @IsOptional()
  @Matches(PHONE_NUMBER, { message: `from ${PHONE_MESSAGE}` })
  from?: string;

  /**
   * The telephony integration that places the call (it gets an `agent.dial` webhook).
   * @example "7d9e2c41-6b3a-4f5e-8c7d-9e0f1a2b3c4d"
   */
  @IsOptional()
  @IsUUID('all', { message: 'integrationId must be a UUID' })
  integrationId?: string;
}

export class WrapUpCallDto implements WrapUpCallRequest {
  /** An active disposition code (GET /api/dispositions). @example "resolved" */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  disposition!: string;

  /** @example "Refund issued; customer satisfied." */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class CreateQaReviewDto implements CreateQaReviewRequest {
  /** 0-100. @example 85 */
  @IsInt()
  @Min(0)
  @Max(100)
  score!: number;

  /** @example "Clear and friendly; confirm the address next time." */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  comments?: string;
}

/**
 * A transfer's target as the request gives it; `toTransferTarget` narrows it to the contract's
 * union (a class cannot implement a union, so each field says for which `type` it counts).
 */
export class TransferTargetDto {
  /**
   * `number`: an outside number (the call leaves the platform); `queue`: a team's queue (the call
   * keeps its place in line); `agent`: a named agent, offered the call at once.
   */
  @ApiProperty({ enum: TRANSFER_TARGET_TYPES, example: 'queue' })
  @IsIn(TRANSFER_TARGET_TYPES, {
    message: `target.type must be one of: ${TRANSFER_TARGET_TYPES.join(', ')}`,
  })
  type!: TransferTarget['type'];

  /** `number` only: the number or extension to hand the caller to. @example "+15550177" */
  @ValidateIf((target: TransferTargetDto) => target.type === 'number')
  @Matches(PHONE_NUMBER, { message: `target.to ${PHONE_MESSAGE}` })
  to?: string;

  /**
   * `queue`: the team whose queue takes the call (required). `agent`: the team the agent takes it
   * for (default: the call's team). @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21"
   */
  @ValidateIf(
    (target: TransferTargetDto) =>
      target.type === 'queue' || (target.type === 'agent' && target.teamId !== undefined),
  )
  @IsUUID('all', { message: 'target.teamId must be a team id' })
  teamId?: string;

  /** `agent` only: who gets the call. @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  @ValidateIf((target: TransferTargetDto) => target.type === 'agent')
  @IsUUID('all', { message: 'target.agentId must be a user id' })
  agentId?: string;
}

/** The contract's target from a validated request body (fields of other types dropped). */
export function toTransferTarget(dto: TransferTargetDto): TransferTarget {
  switch (dto.type) {
    case 'number':
      return { type: 'number', to: dto.to as string };
    case 'queue':
      return { type: 'queue', teamId: dto.teamId as string };
    case 'agent':
      return {
        type: 'agent',
        agentId: dto.agentId as string,
        ...(dto.teamId ? { teamId: dto.teamId } : {}),
      };
  }
}

/** `TransferCallRequest`, its target validated per type (see TransferTargetDto). */
export class TransferCallDto implements Omit<TransferCallRequest, 'target'> {
  @ValidateNested()
  @Type(() => TransferTargetDto)
  @IsObject({ message: 'target must be an object' })
  target!: TransferTargetDto;

  /**
   * A `queue` target only (400 with another): `keep` the call's place in that queue (its
   * original arrival time) or send it to the `back`; without it, the team's setting
   * (`transferredCalls` of `GET /api/skills/teams/:teamId`, `keep` by default).
   */
  @ApiPropertyOptional({ enum: QUEUE_POSITIONS, example: 'back' })
  @IsOptional()
  @IsIn(QUEUE_POSITIONS, { message: `queuePosition must be one of: ${QUEUE_POSITIONS.join(', ')}` })
  queuePosition?: QueuePosition;
}

/**
 * A consult's target as the request gives it: an agent (of the call's team by default) or an
 * outside number; `toConsultTarget` narrows it to the contract's union.
 */
export class ConsultTargetDto {
  /**
   * `agent`: a named agent, who must be available; `supervisor`: a supervisor of the call's team,
   * holding no other call; `number`: an outside number.
   */
  @ApiProperty({ enum: CONSULT_TARGET_TYPES, example: 'agent' })
  @IsIn(CONSULT_TARGET_TYPES, {
    message: `target.type must be one of: ${CONSULT_TARGET_TYPES.join(', ')}`,
  })
  type!: ConsultTarget['type'];

  /** `number` only: the number or extension to consult. @example "+15550177" */
  @ValidateIf((target: ConsultTargetDto) => target.type === 'number')
  @Matches(PHONE_NUMBER, { message: `target.to ${PHONE_MESSAGE}` })
  to?: string;

  /** `agent` only: the agent's team (default: the call's). @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @ValidateIf((target: ConsultTargetDto) => target.type === 'agent' && target.teamId !== undefined)
  @IsUUID('all', { message: 'target.teamId must be a team id' })
  teamId?: string;

  /** `agent` only: who is consulted. @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  @ValidateIf((target: ConsultTargetDto) => target.type === 'agent')
  @IsUUID('all', { message: 'target.agentId must be a user id' })
  agentId?: string;

  /** `supervisor` only: who is called. @example "0b9d4c3a-2f1e-4d5c-8b7a-6e5f4d3c2b1a" */
  @ValidateIf((target: ConsultTargetDto) => target.type === 'supervisor')
  @IsUUID('all', { message: 'target.supervisorId must be a user id' })
  supervisorId?: string;
}

/** The contract's consult target from a validated request body (fields of the other type dropped). */
export function toConsultTarget(dto: ConsultTargetDto): ConsultTarget {
  switch (dto.type) {
    case 'number':
      return { type: 'number', to: dto.to as string };
    case 'supervisor':
      return { type: 'supervisor', supervisorId: dto.supervisorId as string };
    case 'agent':
      return {
        type: 'agent',
        agentId: dto.agentId as string,
        ...(dto.teamId ? { teamId: dto.teamId } : {}),
      };
  }
}

/** `AddConferencePartyRequest`, its target validated as a consult's (see ConsultTargetDto). */
export class AddConferencePartyDto {
  @ValidateNested()
  @Type(() => ConsultTargetDto)
  @IsObject({ message: 'target must be an object' })
  target!: ConsultTargetDto;
}

export class ConferencePartyParamDto extends CallIdParamDto {
  /** The party, as `call.conference.parties[].id` names it. @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  @IsUUID('all', { message: 'partyId must be a UUID' })
  partyId!: string;
}

export class CallConferencePartyViewDto implements CallConferencePartyView {
  /** The id the PBX's `conference.party_*` events name. @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  id!: string;
  @ApiProperty({ enum: ['caller', 'agent', 'supervisor', 'number'], example: 'agent' })
  kind!: ConferencePartyKind;
  /** The agent or supervisor; null for the caller and a number. */
  @ApiProperty({ type: CallPersonDto, nullable: true })
  user!: CallPersonDto | null;
  /** `number` only: the outside number. */
  @ApiProperty({ type: String, nullable: true, example: null })
  number!: string | null;
  @ApiProperty({ enum: ['joining', 'joined', 'left'], example: 'joined' })
  state!: ConferencePartyState;
  /** @example "2026-11-25T09:02:00.000Z" */
  addedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T09:02:05.000Z' })
  joinedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  leftAt!: string | null;
  @ApiProperty({ enum: ['left', 'removed', 'hung_up', 'ended'], nullable: true, example: null })
  leftReason!: ConferencePartyLeftReason | null;
}

export class CallConferenceViewDto implements CallConferenceView {
  /** @example "2026-11-25T09:02:00.000Z" */
  startedAt!: string;
  /** Null while the conference is on. */
  @ApiProperty({ type: String, nullable: true, example: null })
  endedAt!: string | null;
  @ApiProperty({ type: [CallConferencePartyViewDto] })
  parties!: CallConferencePartyViewDto[];
}

/** `StartConsultRequest`, its target validated per type (see ConsultTargetDto). */
export class StartConsultDto {
  @ValidateNested()
  @Type(() => ConsultTargetDto)
  @IsObject({ message: 'target must be an object' })
  target!: ConsultTargetDto;
}

export class CallConsultViewDto implements CallConsultView {
  /** The consult's id, in its `call.consult*` webhooks (`consultId`) and the PBX's `call.consult.*` events. @example "0d6e3f3a-2c8b-4f0e-9a1d-5b7c9e2f4a61" */
  id!: string;
  @ApiProperty({ type: () => ConsultTargetDto })
  target!: ConsultTarget;
  /** The consulted agent; null for a number. */
  @ApiProperty({ type: CallPersonDto, nullable: true })
  agent!: CallPersonDto | null;
  /** @example "2026-11-25T09:02:00.000Z" */
  startedAt!: string;
  /** The PBX reported that the consulted party picked up (`call.consult.answered`); null while it rings. */
  @ApiProperty({ type: String, nullable: true, example: null })
  answeredAt!: string | null;
}

export class SendDtmfDto implements SendDtmfRequest {
  /** 1-32 keypad digits (0-9, `*`, `#`), played in order. @example "1234#" */
  @IsString({ message: 'digits must be a string' })
  @MinLength(1, { message: 'digits must not be empty' })
  @MaxLength(MAX_DTMF_DIGITS, { message: `digits holds at most ${MAX_DTMF_DIGITS} keys` })
  @Matches(DTMF_DIGITS, { message: 'digits may only hold 0-9, * and #' })
  digits!: string;
}

export class StartAssistDto implements StartAssistRequest {
  /** `listen` (silent), `whisper` (the agent hears you, the caller does not) or `barge` (all talk). */
  @ApiProperty({ enum: ASSIST_MODES, example: 'listen' })
  @IsIn(ASSIST_MODES, { message: `mode must be one of: ${ASSIST_MODES.join(', ')}` })
  mode!: AssistMode;
}

export class CallAssistViewDto implements CallAssistView {
  /** @example "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" */
  callId!: string;
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** The agent on the call. */
  @ApiProperty({ type: String, nullable: true, example: '6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11' })
  agentId!: string | null;
  @ApiProperty({ enum: ASSIST_MODES, example: 'whisper' })
  mode!: AssistMode;
  supervisor!: CallPersonDto;
  /** When the assist began; a switch of mode keeps it. @example "2026-11-25T09:03:00.000Z" */
  startedAt!: string;
}
