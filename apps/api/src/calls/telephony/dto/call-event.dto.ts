import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
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
  ValidateNested,
} from 'class-validator';

import {
  ASSIST_MODES,
  AssistMode,
  CALL_DIRECTIONS,
  CONSULT_FAILURE_REASONS,
  CallDirection,
  ConsultFailureReason,
  IngestResult,
  MAX_SKILLS_PER_LIST,
  PBX_EVENT_TYPES,
  PbxCallEvent,
  PbxEventResult,
  PbxEventType,
  PbxRequiredSkill,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
} from '@poscalls4u/contracts';

// Numbers, extensions and SIP users as PBXs write them: "+15550100", "2001", "anonymous", "client:alice".
const PHONE_LIKE = /^[A-Za-z0-9+*#._:@-]{1,64}$/;
const PHONE_LIKE_MESSAGE =
  'must be a number, extension or SIP user (1-64 of A-Z a-z 0-9 + * # . _ : @ -)';

export class PbxRequiredSkillDto implements PbxRequiredSkill {
  /** A skill's name (case-insensitive) or id, from `GET /api/skills`. @example "Spanish" */
  @IsString()
  @MinLength(1, { message: 'skill must not be empty' })
  @MaxLength(60)
  skill!: string;

  /** @example 3 */
  @IsInt({
    message: `minLevel must be a whole number from ${SKILL_LEVEL_MIN} to ${SKILL_LEVEL_MAX}`,
  })
  @Min(SKILL_LEVEL_MIN)
  @Max(SKILL_LEVEL_MAX)
  minLevel!: number;
}

/**
 * One call event from the PBX. Validated by hand in the call-events route (the body is one event
 * or an array of them), with these rules.
 */
export class PbxCallEventDto implements PbxCallEvent {
  /** Unique per integration: a repeated id is acknowledged (`duplicate`), not applied twice. @example "asterisk-1732521600.42-join" */
  @IsString()
  @MinLength(1, { message: 'id must not be empty' })
  @MaxLength(200)
  id!: string;

  @ApiProperty({ enum: PBX_EVENT_TYPES, example: 'call.queued' })
  @IsIn(PBX_EVENT_TYPES)
  type!: PbxEventType;

  /** When it happened at the PBX (ISO 8601 with a zone); the call's times come from here. @example "2026-11-25T10:00:00.000Z" */
  @IsISO8601({ strict: true }, { message: 'occurredAt must be an ISO 8601 date-time' })
  occurredAt!: string;

  /** The PBX's call id; every event of one call carries the same. @example "1732521600.42" */
  @IsString()
  @MinLength(1, { message: 'callId must not be empty' })
  @MaxLength(200)
  callId!: string;

  /** `call.queued` (and any first event of a call): the team whose queue the call joins. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    enum: CALL_DIRECTIONS,
    example: 'inbound',
    description: '`call.queued`: inbound by default.',
  })
  @IsOptional()
  @IsIn(CALL_DIRECTIONS)
  direction?: CallDirection;

  /** The caller. @example "+15550100" */
  @IsOptional()
  @IsString()
  @Matches(PHONE_LIKE, { message: `from ${PHONE_LIKE_MESSAGE}` })
  from?: string;

  /** The number called. @example "+15550199" */
  @IsOptional()
  @IsString()
  @Matches(PHONE_LIKE, { message: `to ${PHONE_LIKE_MESSAGE}` })
  to?: string;

  /** `call.queued`: 0-100, higher is served first. @example 0 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;

  /** `call.connected`: the agent who answered, when the PBX routed the call itself. @example "agent1@poscalls4u.test" */
  @IsOptional()
  @IsEmail({}, { message: 'agentEmail must be an email address' })
  @MaxLength(254)
  agentEmail?: string;

  /** `call.transferred`: the outside number the caller went to. @example "+15550177" */
  @IsOptional()
  @IsString()
  @Matches(PHONE_LIKE, { message: `transferTo ${PHONE_LIKE_MESSAGE}` })
  transferTo?: string;

  /** `call.transferred`: the team whose queue the caller went to. @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  @IsOptional()
  @IsUUID()
  transferTeamId?: string;

  @ApiPropertyOptional({
    enum: ASSIST_MODES,
    example: 'listen',
    description: '`assist.started`: how the supervisor is on the call (required there).',
  })
  @IsOptional()
  @IsIn(ASSIST_MODES, { message: `assistMode must be one of: ${ASSIST_MODES.join(', ')}` })
  assistMode?: AssistMode;

  /** `assist.started`: the supervisor, when the PBX started the assist itself (a feature code). @example "supervisor1@poscalls4u.test" */
  @IsOptional()
  @IsEmail({}, { message: 'supervisorEmail must be an email address' })
  @MaxLength(254)
  supervisorEmail?: string;

  /** `conference.party_*`: the party, by the id our `call.conference*` webhook gave it. @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  @IsOptional()
  @IsUUID('all', { message: 'partyId must be the UUID of a conference party' })
  partyId?: string;

  /** `call.queued`: the skills the caller needs (from the IVR); else the team's default. */
  @ApiPropertyOptional({
    type: [PbxRequiredSkillDto],
    example: [{ skill: 'Spanish', minLevel: 3 }],
  })
  @IsOptional()
  @IsArray({ message: 'requiredSkills must be an array' })
  @ArrayMaxSize(MAX_SKILLS_PER_LIST)
  // ValidateNested lets an array pass as an entry (it validates its elements instead).
  @IsObject({ each: true, message: 'each entry of requiredSkills must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PbxRequiredSkillDto)
  requiredSkills?: PbxRequiredSkillDto[];

  /** `call.consult.answered` / `call.consult.failed` (required there): the `consultId` of the `call.consult` webhook. @example "0d6e3f3a-2c8b-4f0e-9a1d-5b7c9e2f4a61" */
  @IsOptional()
  @IsUUID('all', { message: 'consultId must be the consultId of a call.consult webhook' })
  consultId?: string;

  @ApiPropertyOptional({
    enum: CONSULT_FAILURE_REASONS,
    example: 'no_answer',
    description:
      '`call.consult.failed`: why the consult leg failed (`no_answer`, `busy`, `unreachable`) or ended (`hung_up`: the consulted party hung up); `unreachable` when omitted.',
  })
  @IsOptional()
  @IsIn(CONSULT_FAILURE_REASONS, {
    message: `failureReason must be one of: ${CONSULT_FAILURE_REASONS.join(', ')}`,
  })
  failureReason?: ConsultFailureReason;
}

export class PbxEventResultDto implements PbxEventResult {
  /** The event's id. @example "asterisk-1732521600.42-join" */
  id!: string;
  /** `applied`: it moved the call; `duplicate`: seen before; `ignored`: too late or no longer legal. */
  @ApiProperty({ enum: ['applied', 'duplicate', 'ignored'], example: 'applied' })
  outcome!: 'applied' | 'duplicate' | 'ignored';
  @ApiProperty({ type: String, nullable: true, example: '9d2f1c3e-6b7a-4e58-8f90-1a2b3c4d5e6f' })
  callId!: string | null;
  /** Why an event was ignored. @example "the call is already completed" */
  reason?: string;
}

export class IngestResultDto implements IngestResult {
  /** One result per event, in the order they were sent. */
  @ApiProperty({ type: [PbxEventResultDto] })
  results!: PbxEventResultDto[];
}
