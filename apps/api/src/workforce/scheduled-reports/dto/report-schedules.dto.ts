import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

import {
  KpiFigures,
  MAX_REPORT_RECIPIENTS,
  REPORT_FREQUENCIES,
  REPORT_KINDS,
  ReportDeliveryStatus,
  ReportDeliveryView,
  ReportFrequency,
  ReportKind,
  ReportPreview,
  ReportScheduleRequest,
  ReportScheduleView,
  ReportSummaryRow,
} from '@poscalls4u/contracts';

const TEAM_ID = '2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21';

export class ReportScheduleDto implements ReportScheduleRequest {
  /** What the recipients see in the subject. @example "Daily summary" */
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  name!: string;

  @ApiProperty({
    type: [String],
    description: 'Teams the report covers: teams you hold `reports:schedule` in (1 to 20).',
    example: [TEAM_ID],
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'teamIds must name at least one team' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'teamIds must be team ids (UUIDs)' })
  teamIds!: string[];

  @ApiProperty({
    enum: REPORT_KINDS,
    description: 'The local day before each run, or the 7 local days before it.',
    example: 'last-day',
  })
  @IsIn(REPORT_KINDS, { message: `kind must be one of ${REPORT_KINDS.join(', ')}` })
  kind!: ReportKind;

  @ApiProperty({
    type: [String],
    description: `Email addresses, 1 to ${String(MAX_REPORT_RECIPIENTS)} (duplicates are kept once).`,
    example: ['team-leads@example.com', 'ops@example.com'],
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'recipients must hold at least one address' })
  @ArrayMaxSize(MAX_REPORT_RECIPIENTS, {
    message: `recipients may hold at most ${String(MAX_REPORT_RECIPIENTS)} addresses`,
  })
  @IsEmail({}, { each: true, message: 'recipients must be email addresses' })
  @MaxLength(254, { each: true })
  recipients!: string[];

  @ApiProperty({ enum: REPORT_FREQUENCIES, example: 'weekly' })
  @IsIn(REPORT_FREQUENCIES, {
    message: `frequency must be one of ${REPORT_FREQUENCIES.join(', ')}`,
  })
  frequency!: ReportFrequency;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 7,
    description:
      'ISO weekday (1 = Monday .. 7 = Sunday); required when weekly, ignored when daily.',
    example: 1,
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt({ message: 'weekday must be 1 (Monday) to 7 (Sunday)' })
  @Min(1, { message: 'weekday must be 1 (Monday) to 7 (Sunday)' })
  @Max(7, { message: 'weekday must be 1 (Monday) to 7 (Sunday)' })
  weekday?: number | null;

  /** Local clock time, HH:MM (24 h). @example "07:30" */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'localTime must be HH:MM (00:00 to 23:59)' })
  localTime!: string;

  /** IANA time zone of `localTime`. @example "Europe/Paris" */
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  /** Paused schedules send nothing. @example true */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ReportDeliveryViewDto implements ReportDeliveryView {
  /** @example "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" */
  id!: string;
  @ApiProperty({ enum: ['schedule', 'manual'], example: 'schedule' })
  trigger!: 'schedule' | 'manual';
  /** @example "2026-03-29T22:00:00.000Z" */
  periodStart!: string;
  /** @example "2026-03-30T22:00:00.000Z" */
  periodEnd!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'], example: 'sent' })
  status!: ReportDeliveryStatus;
  /** @example 1 */
  attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: null })
  lastError!: string | null;
  @ApiProperty({ type: [String], example: ['team-leads@example.com'] })
  recipients!: string[];
  @ApiProperty({ type: [String], example: ['team-leads@example.com'] })
  sentTo!: string[];
  /** @example "2026-03-31T05:30:04.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-31T05:30:05.000Z' })
  sentAt!: string | null;
}

export class ReportScheduleTeamDto {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  id!: string;
  /** @example "Sales" */
  name!: string;
}

export class ReportScheduleViewDto implements ReportScheduleView {
  /** @example "5f0e1d2c-3b4a-4958-8776-655443322110" */
  id!: string;
  /** @example "6f1c2f4e-8a0b-4c39-9a55-2d7f1f0f9d11" */
  ownerId!: string;
  /** @example "Daily summary" */
  name!: string;
  @ApiProperty({ type: [ReportScheduleTeamDto] })
  @Type(() => ReportScheduleTeamDto)
  teams!: ReportScheduleTeamDto[];
  @ApiProperty({ enum: REPORT_KINDS, example: 'last-day' })
  kind!: ReportKind;
  @ApiProperty({ type: [String], example: ['team-leads@example.com'] })
  recipients!: string[];
  @ApiProperty({ enum: REPORT_FREQUENCIES, example: 'daily' })
  frequency!: ReportFrequency;
  @ApiProperty({ type: Number, nullable: true, example: null })
  weekday!: number | null;
  /** @example "07:30" */
  localTime!: string;
  /** @example "Europe/Paris" */
  timeZone!: string;
  /** @example true */
  enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-04-01T05:30:00.000Z' })
  nextRunAt!: string | null;
  /** @example "2026-03-28T10:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-03-28T10:00:00.000Z" */
  updatedAt!: string;
  @ApiProperty({ type: [ReportDeliveryViewDto], description: 'Newest first, at most 5' })
  @Type(() => ReportDeliveryViewDto)
  lastDeliveries!: ReportDeliveryViewDto[];
}

const FIGURES_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'The KPIs of `GET /api/stats/calls` (totals) for the period',
  example: {
    offered: 120,
    answered: 115,
    handled: 117,
    serviceLevelPercent: 87.5,
    ahtSeconds: 245,
  },
} as const;

export class ReportSummaryRowDto implements ReportSummaryRow {
  /** @example "2b0c7a57-1a7e-4f7c-9a55-0c5a0d3b6e21" */
  teamId!: string;
  /** @example "Sales" */
  teamName!: string;
  @ApiProperty(FIGURES_SCHEMA)
  figures!: KpiFigures;
}

export class ReportPreviewDto implements ReportPreview {
  /** @example "Daily summary: 2026-03-30 (Europe/Paris)" */
  subject!: string;
  /** @example "2026-03-30T00:00:00+02:00" */
  periodStart!: string;
  /** @example "2026-03-31T00:00:00+02:00" */
  periodEnd!: string;
  @ApiProperty({ type: [ReportSummaryRowDto] })
  @Type(() => ReportSummaryRowDto)
  rows!: ReportSummaryRowDto[];
  @ApiProperty(FIGURES_SCHEMA)
  totals!: KpiFigures;
  /** The email's lines, one per team. @example "Sales: 120 offered, 115 answered, 117 handled, service level 87.5%, ..." */
  text!: string;
  /** The attached CSV. @example "period_start,period_end,team_id,team,offered,...\n" */
  csv!: string;
}

export class UnsubscribeQueryDto {
  /** @example "5f0e1d2c-3b4a-4958-8776-655443322110" */
  @IsUUID('all', { message: 'this link is not valid' })
  schedule!: string;
  /** @example "team-leads@example.com" */
  @IsEmail({}, { message: 'this link is not valid' })
  @MaxLength(254)
  email!: string;
  /** The link's signature. @example "0n4Vj1m2...base64url" */
  @IsString()
  @MaxLength(100)
  sig!: string;
}
