import { KpiFigures } from './stats';

/** `last-day`: the local day before the delivery; `last-week`: the 7 local days before it. */
export const REPORT_KINDS = ['last-day', 'last-week'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FREQUENCIES = ['daily', 'weekly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** At most this many recipients per schedule. */
export const MAX_REPORT_RECIPIENTS = 20;

/** `POST /api/workforce/report-schedules` (and `PUT /:id`, the whole schedule). */
export interface ReportScheduleRequest {
  name: string;
  /** Teams the caller holds `reports:schedule` in. */
  teamIds: string[];
  kind: ReportKind;
  recipients: string[];
  frequency: ReportFrequency;
  /** ISO weekday, 1 = Monday .. 7 = Sunday; required when `frequency` is `weekly`. */
  weekday?: number | null;
  /** HH:MM on the local clock of `timeZone`. */
  localTime: string;
  /** IANA zone, e.g. `Europe/Paris`. */
  timeZone: string;
  enabled?: boolean;
}

export type ReportDeliveryStatus = 'pending' | 'sent' | 'failed';

export interface ReportDeliveryView {
  id: string;
  trigger: 'schedule' | 'manual';
  periodStart: string;
  periodEnd: string;
  status: ReportDeliveryStatus;
  attempts: number;
  lastError: string | null;
  recipients: string[];
  sentTo: string[];
  createdAt: string;
  sentAt: string | null;
}

export interface ReportScheduleView {
  id: string;
  ownerId: string;
  name: string;
  teams: { id: string; name: string }[];
  kind: ReportKind;
  recipients: string[];
  frequency: ReportFrequency;
  weekday: number | null;
  localTime: string;
  timeZone: string;
  enabled: boolean;
  /** The next delivery, ISO 8601 UTC; null when disabled. */
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The latest deliveries, newest first (at most 5). */
  lastDeliveries: ReportDeliveryView[];
}

export interface ReportScheduleResult {
  schedule: ReportScheduleView;
}

/** One team's row of a report. */
export interface ReportSummaryRow {
  teamId: string;
  teamName: string;
  figures: KpiFigures;
}

/** What a delivery contains: `POST /api/workforce/report-schedules/:id/preview`. */
export interface ReportPreview {
  subject: string;
  periodStart: string;
  periodEnd: string;
  rows: ReportSummaryRow[];
  totals: KpiFigures;
  text: string;
  csv: string;
}

export interface ReportPreviewResult {
  preview: ReportPreview;
}

export interface ReportDeliveryResult {
  delivery: ReportDeliveryView;
}

/** The periods an agent may compare their figures over, in the organisation's zone. */
export const AGENT_FIGURE_PERIODS = ['today', 'this-week', 'last-7-days', 'last-30-days'] as const;
export type AgentFigurePeriod = (typeof AGENT_FIGURE_PERIODS)[number];

/** The figures of one side of the agent comparison. */
export interface AgentComparedFigures {
  handled: number;
  ahtSeconds: number | null;
  averageHoldSeconds: number | null;
  averageAfterCallWorkSeconds: number | null;
  occupancyPercent: number | null;
  successRatePercent: number | null;
  averageQaScore: number | null;
}

/** `GET /api/workforce/agents/me/figures`. */
export interface AgentFiguresView {
  period: AgentFigurePeriod;
  timeZone: string;
  from: string;
  to: string;
  own: AgentComparedFigures;
  /** The agents of the caller's teams: calls per agent, the other figures over all their calls/time. */
  teamAverage: AgentComparedFigures;
  /** How many agents the team average is over (the caller included). */
  teamAgents: number;
}

export interface AgentFiguresResult {
  figures: AgentFiguresView;
}
