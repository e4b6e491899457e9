/**
 * Statistics: contact-center KPIs from the 15-minute rollups (see docs/metrics.md for every
 * formula). All periods are computed in the organisation's time zone; times are ISO 8601.
 * Percentages are 0-100 with two decimals; durations are seconds with two decimals; a ratio
 * whose denominator is zero is null, never 0 or NaN.
 */

export const STATS_INTERVALS = ['15m', '30m', '1h', '1d', '1w'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];

/** The longest range a report may cover. */
export const MAX_STATS_RANGE_DAYS = 400;

export const STATS_GROUP_BY = ['team', 'agent', 'disposition', 'direction'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

/** Seconds spent in each agent state within the period. */
export interface TimeInState {
  availableSeconds: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
  breakSeconds: number;
}

/** The KPIs of one period and scope (center, teams, team or agent). */
export interface KpiFigures {
  /** Inbound calls that arrived in a queue. */
  offered: number;
  /** Inbound calls answered by an agent (handled). */
  answered: number;
  /** Answered within the team's service-level threshold. */
  answeredWithinThreshold: number;
  abandoned: number;
  /** Abandoned before the short-abandon threshold (default 5 s): excluded from service level. */
  shortAbandoned: number;
  /** answeredWithinThreshold / (offered - shortAbandoned) * 100. */
  serviceLevelPercent: number | null;
  /** (abandoned - shortAbandoned) / (offered - shortAbandoned) * 100. */
  abandonmentRatePercent: number | null;
  /** Average speed of answer: total wait of answered calls / answered. */
  asaSeconds: number | null;
  /** Average wait of answered and abandoned calls. */
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  /** Calls whose handling (talk, hold, after-call work) is complete, inbound and outbound. */
  handled: number;
  /** Average handle time: (talk + hold + after-call work) / handled. */
  ahtSeconds: number | null;
  averageTalkSeconds: number | null;
  averageHoldSeconds: number | null;
  averageAfterCallWorkSeconds: number | null;
  /** Outbound calls started. */
  outbound: number;
  /** Handled calls wrapped up with a success disposition. */
  successes: number;
  /** successes / handled * 100. */
  successRatePercent: number | null;
  /** Segments handed to the scope by a transfer (to its queue, or to its agent). */
  transfersIn: number;
  /** Handled segments that ended with a transfer (to a queue, an agent or a number). */
  transfersOut: number;
  /** transfersOut / handled * 100: how often a call had to be handed on. */
  transferRatePercent: number | null;
  qaReviews: number;
  averageQaScore: number | null;
  /** (on call + wrap-up) / (available + on call + wrap-up) * 100. */
  occupancyPercent: number | null;
  timeInState: TimeInState;
}

export interface AgentsByState {
  available: number;
  onCall: number;
  wrapUp: number;
  break: number;
  offline: number;
}

/** Values of this instant, not of a period. */
export interface LiveFigures {
  /** Calls queued or ringing at an agent. */
  callsWaiting: number;
  longestCurrentWaitSeconds: number;
  agents: AgentsByState;
}

/** One interval of a time series. */
export interface StatsPoint {
  start: string;
  end: string;
  figures: KpiFigures;
}

export interface WaitingCallView {
  callId: string;
  teamId: string;
  teamName: string;
  from: string;
  state: 'queued' | 'offered';
  priority: number;
  queuedAt: string;
  waitingSeconds: number;
}

/** One row of the supervisor's agent grid. */
export interface AgentGridRow {
  userId: string;
  name: string;
  teamIds: string[];
  status: 'offline' | 'available' | 'on_call' | 'wrap_up' | 'break';
  reason: string | null;
  since: string;
  currentCall: { id: string; state: string; from: string; to: string; teamId: string } | null;
  handledToday: number;
  ahtSecondsToday: number | null;
}

export const AlertKind = {
  ServiceLevel: 'service_level',
  LongWait: 'long_wait',
  LongBreak: 'long_break',
  /** Calls wait in the team's queue and none of its agents is free to take one. */
  NoAgentAvailable: 'no_agent_available',
  /** Fewer agents available or busy than the last 30 minutes' traffic needs (`LiveStaffing`). */
  Understaffed: 'understaffed',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

export interface AlertView {
  /** Stable while the condition lasts: `<kind>:<team id>[:<call or user id>]`. */
  id: string;
  kind: AlertKind;
  teamId: string;
  level: 'warning' | 'critical';
  message: string;
  since: string;
}

/** Per-team alert thresholds (supervisor of the team, or admin). Null turns an alert off. */
export interface TeamAlertThresholds {
  /** Alert when today's service level falls below this; defaults to the team's target. */
  serviceLevelBelowPercent: number | null;
  /** Alert when a call has waited longer than this. */
  callWaitingLongerThanSeconds: number | null;
  /** Alert when an agent has been on a break longer than this. */
  agentOnBreakLongerThanMinutes: number | null;
}

/**
 * Live staffing of one team: the agents the last 30 minutes' traffic needs to meet the team's
 * service level (Erlang C on the arrival rate and AHT of that window), beside the agents it has.
 */
export interface LiveStaffing {
  /** Inbound calls that arrived in the last 30 minutes. */
  arrivalsLast30Minutes: number;
  /**
   * AHT of the calls completed in the last 30 minutes; when none was, today's AHT; null when the
   * team handled no call today.
   */
  ahtSeconds: number | null;
  /** Offered traffic in Erlangs: arrivals per second × AHT. */
  trafficErlangs: number;
  /** The team's target (share answered within the threshold) and threshold the figure meets. */
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  /** Agents needed now; null when unknown (calls arrived but no AHT is known yet). */
  agentsNeeded: number | null;
  /** Agent members available now. */
  agentsAvailable: number;
  /** Agent members available, on a call or in wrap-up: those taking the traffic. */
  agentsStaffed: number;
  /** `agentsStaffed < agentsNeeded` (raises the `understaffed` alert). */
  understaffed: boolean;
}

export interface TeamDashboard {
  teamId: string;
  name: string;
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  today: KpiFigures;
  live: LiveFigures;
  staffing: LiveStaffing;
}

/** `GET /api/stats/dashboard`: today so far, plus live values. */
export interface DashboardView {
  /** `center`: every team (admins); `teams`: the supervisor's teams; `agent`: the caller's own. */
  scope: 'center' | 'teams' | 'agent';
  timeZone: string;
  /** Today in the organisation's time zone (23 or 25 hours on daylight-saving days). */
  day: { start: string; end: string };
  today: KpiFigures;
  live: LiveFigures;
  /** Today by 15-minute interval (offered/answered/abandoned, service level...). */
  intervals: StatsPoint[];
  teams: TeamDashboard[];
  /** Empty for the agent scope. */
  agents: AgentGridRow[];
  waitingCalls: WaitingCallView[];
  alerts: AlertView[];
  generatedAt: string;
}

/**
 * `from`/`to`: ISO 8601 instants or dates (a date is midnight in the organisation's zone). With
 * neither, the report covers today: from local midnight to now, by 15 minutes; the answer states
 * the range and interval used.
 */
export interface StatsRangeQuery {
  from?: string;
  to?: string;
  interval?: StatsInterval;
}

/** `GET /api/stats/teams/:id` and `GET /api/stats/agents/:id`. */
export interface StatsReportView {
  timeZone: string;
  from: string;
  to: string;
  interval: StatsInterval;
  totals: KpiFigures;
  series: StatsPoint[];
}

export interface CallStatsQuery extends StatsRangeQuery {
  groupBy?: StatsGroupBy;
  /** Restrict to these teams / agents (comma-separated ids). */
  teamId?: string[];
  agentId?: string[];
  /** `csv` (or `Accept: text/csv`) streams one row per call of the range instead. */
  format?: 'json' | 'csv';
}

export interface StatsBreakdownRow {
  key: string;
  label: string;
  figures: KpiFigures;
}

/** `GET /api/stats/calls`. */
export interface CallStatsView extends StatsReportView {
  groupBy: StatsGroupBy | null;
  breakdown: StatsBreakdownRow[];
}

/** `data` of `GET /api/stats/dashboard`: `data.dashboard`. */
export interface DashboardResult {
  dashboard: DashboardView;
}

/** `data` of `GET /api/stats/teams/:id` and `GET /api/stats/agents/:id`: `data.report`. */
export interface StatsReportResult {
  report: StatsReportView;
}

/** `data` of `GET /api/stats/calls` (JSON): `data.report`. */
export interface CallStatsResult {
  report: CallStatsView;
}

/** `data` of `GET/PUT /api/teams/:id/alert-thresholds`: `data.thresholds`. */
export interface TeamAlertThresholdsResult {
  thresholds: TeamAlertThresholds;
}

/** Organisation-wide statistics settings (`GET/PUT /api/settings/organization`, admin). */
export interface OrganizationSettings {
  /** IANA time zone, e.g. Europe/Paris. */
  timeZone: string;
  shortAbandonSeconds: number;
  /**
   * The agent on a call a supervisor listens to, whispers to or barges into is told so (the
   * call screen shows "A supervisor is listening"). On by default; some organisations' rules
   * (or their law) require it, others train with silent listening.
   */
  showAssistToAgents: boolean;
  /**
   * Days chat messages are kept before the retention job deletes them for good; null keeps them
   * forever. Optional in a PUT: left out, the stored value stays.
   */
  chatRetentionDays?: number | null;
}

/** `PUT /api/settings/organization`: settings left out keep their value. */
export type UpdateOrganizationSettingsRequest = Omit<OrganizationSettings, 'showAssistToAgents'> & {
  showAssistToAgents?: boolean;
};

/** `data` of `GET/PUT /api/settings/organization`: `data.settings`. */
export interface OrganizationSettingsResult {
  settings: OrganizationSettings;
}

/** `dashboard:update`: fresh figures of one scope, at most a few times per second per room. */
export interface DashboardUpdateEvent {
  scope: { kind: 'center' } | { kind: 'team'; teamId: string } | { kind: 'agent'; agentId: string };
  today: KpiFigures;
  live: LiveFigures;
  /** The team scope only: its live staffing. */
  staffing?: LiveStaffing;
  at: string;
}
