import {
  KpiFigures,
  LiveFigures,
  LiveStaffing,
  StatsRangeQuery,
  TeamAlertThresholds,
} from './stats';

/** `erlang-c`: callers wait for ever; `erlang-a`: callers abandon after their patience. */
export type StaffingModel = 'erlang-c' | 'erlang-a';

/** `POST /api/workforce/staffing`. */
export interface StaffingRequest {
  /** Calls expected in one interval. */
  callsPerInterval: number;
  intervalMinutes: number;
  /** Average handle time (talk + hold + after-call work). */
  ahtSeconds: number;
  /** Share of calls to answer within `targetAnswerSeconds`, in [0, 1). */
  serviceLevelTarget: number;
  targetAnswerSeconds: number;
  /** Share of paid time agents are not on the phones (breaks, training), in [0, 0.9]. */
  shrinkage?: number;
  /** Highest acceptable occupancy, in (0, 1]. */
  maxOccupancy?: number;
  /** Mean time a caller waits before hanging up; given, the Erlang A model is used. */
  averagePatienceSeconds?: number;
}

/** The figures for one number of agents. */
export interface StaffingFigures {
  agents: number;
  /** Calls answered within the threshold ÷ calls offered, in [0, 1]. */
  serviceLevel: number;
  /** Mean wait of the answered calls; null when the queue grows without bound. */
  asaSeconds: number | null;
  probabilityOfWaiting: number;
  /** Handled traffic ÷ agents, in [0, 1]. */
  occupancy: number;
  /** Erlang A only: calls abandoned ÷ calls offered. */
  abandonRate?: number;
}

export interface StaffingTableRow extends StaffingFigures {
  /** This many agents meet the service-level target (and the occupancy cap). */
  meetsTarget: boolean;
}

export interface StaffingView extends StaffingFigures {
  model: StaffingModel;
  /** Offered traffic: calls per second × AHT. */
  trafficErlangs: number;
  /** Agents to schedule so that `agents` are on the phones after shrinkage. */
  scheduledAgents: number;
  /** The figures for `agents` − 2 .. `agents` + 3 (from 1 agent). */
  table: StaffingTableRow[];
}

/** `data` of `POST /api/workforce/staffing`: `data.staffing`. */
export interface StaffingResult {
  staffing: StaffingView;
}

/** The KPIs a team comparison ranks, in the order the consoles show them. */
export const COMPARED_KPIS = [
  'offered',
  'serviceLevelPercent',
  'asaSeconds',
  'ahtSeconds',
  'abandonmentRatePercent',
  'occupancyPercent',
  'successRatePercent',
  'averageQaScore',
] as const satisfies readonly (keyof KpiFigures)[];

export type ComparedKpi = (typeof COMPARED_KPIS)[number];

/** Which way is better for each compared KPI (rank 1 is the best). */
export const COMPARED_KPI_BETTER: Record<ComparedKpi, 'higher' | 'lower'> = {
  offered: 'higher',
  serviceLevelPercent: 'higher',
  asaSeconds: 'lower',
  ahtSeconds: 'lower',
  abandonmentRatePercent: 'lower',
  occupancyPercent: 'higher',
  successRatePercent: 'higher',
  averageQaScore: 'higher',
};

/** One KPI of one team beside the others. */
export interface KpiComparison {
  value: number | null;
  /** 1 is the best; teams with equal values share a rank; null without a value. */
  rank: number | null;
  /** value − the average of the compared teams that have a value. */
  differenceFromAverage: number | null;
}

export interface TeamComparisonRow {
  teamId: string;
  name: string;
  kpis: Record<ComparedKpi, KpiComparison>;
  /** Every figure of the period, as the team report gives them. */
  figures: KpiFigures;
}

export interface TeamComparisonView {
  timeZone: string;
  from: string;
  to: string;
  /** The ranked KPIs, each with the way that is better. */
  kpis: { key: ComparedKpi; better: 'higher' | 'lower' }[];
  /** Per KPI, the mean over the compared teams that have a value. */
  averages: Record<ComparedKpi, number | null>;
  teams: TeamComparisonRow[];
}

/** `GET /api/stats/teams/compare`. */
export interface TeamComparisonQuery extends StatsRangeQuery {
  /** 1 to 20 team ids (comma-separated or repeated). */
  teamIds: string[];
  format?: 'json' | 'csv';
}

/** `data` of `GET /api/stats/teams/compare` (JSON): `data.comparison`. */
export interface TeamComparisonResult {
  comparison: TeamComparisonView;
}

/** Interval lengths a forecast may use. */
export const FORECAST_INTERVAL_MINUTES = [15, 30] as const;
export type ForecastIntervalMinutes = (typeof FORECAST_INTERVAL_MINUTES)[number];
/** Weeks of history a forecast averages: default and most. */
export const FORECAST_DEFAULT_WEEKS = 8;
export const FORECAST_MAX_WEEKS = 52;

/** `GET /api/workforce/forecast`. */
export interface ForecastQuery {
  teamId: string;
  /** The local day to plan, YYYY-MM-DD in the organisation's zone. */
  date: string;
  intervalMinutes?: ForecastIntervalMinutes;
  /** Same weekdays of history to average, 1..52 (default 8). */
  weeks?: number;
  /** Share of paid time agents are not on the phones, in [0, 0.9] (default 0). */
  shrinkage?: number;
  format?: 'json' | 'csv';
}

/** One interval of the planned day. */
export interface ForecastInterval {
  /** Local start and end, ISO 8601 with the zone's offset. */
  start: string;
  end: string;
  /** Mean arrivals (calls offered) of this local interval on the same weekday of past weeks. */
  forecastArrivals: number;
  /** Handle time of the calls handled in those intervals ÷ their number; null: none handled. */
  forecastAhtSeconds: number | null;
  /** Agents on the phones to meet the team's service level (Erlang C); null: no AHT known. */
  requiredAgents: number | null;
  /** `requiredAgents` after shrinkage, rounded up. */
  scheduledAgents: number | null;
  /** Calls offered in this interval; null for an interval not yet over. */
  actualArrivals: number | null;
  actualAhtSeconds: number | null;
}

/** Forecast error of the arrivals over the intervals that are over. */
export interface ForecastAccuracy {
  /** Intervals compared (those with an actual). */
  intervals: number;
  /** Mean of |actual − forecast| ÷ actual over intervals with actual > 0, in %; null: none. */
  mapePercent: number | null;
  /** Σ |actual − forecast| ÷ Σ actual, in %; null: no call. */
  wapePercent: number | null;
}

export interface ForecastView {
  teamId: string;
  teamName: string;
  timeZone: string;
  date: string;
  intervalMinutes: ForecastIntervalMinutes;
  weeks: number;
  shrinkage: number;
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  /** The past days averaged, most recent first. */
  historyDates: string[];
  intervals: ForecastInterval[];
  /** Null when no interval of the day is over yet. */
  accuracy: ForecastAccuracy | null;
}

/** `data` of `GET /api/workforce/forecast`: `data.forecast`. */
export interface ForecastResult {
  forecast: ForecastView;
}

/** Bounds of a wallboard link's rotation: seconds each team stays on screen. */
export const WALLBOARD_ROTATION_MIN_SECONDS = 5;
export const WALLBOARD_ROTATION_MAX_SECONDS = 600;
export const WALLBOARD_ROTATION_DEFAULT_SECONDS = 15;
/** Most teams one wallboard link shows. */
export const WALLBOARD_MAX_TEAMS = 20;

/** `POST /api/workforce/wallboards`: a link for teams where the caller holds `wallboards:manage`. */
export interface CreateWallboardLinkRequest {
  name: string;
  /** In rotation order. */
  teamIds: string[];
  rotationSeconds?: number;
}

/** A wallboard link as its managers see it (never its secret). */
export interface WallboardLinkView {
  id: string;
  name: string;
  teams: { id: string; name: string }[];
  rotationSeconds: number;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  /** When a wallboard last exchanged the link's secret or read its figures; null: never used. */
  lastUsedAt: string | null;
  /** Null while the link works. */
  revokedAt: string | null;
}

/** `data` of `POST /api/workforce/wallboards`: the link, and its secret shown this once. */
export interface WallboardLinkCreatedResult {
  wallboard: WallboardLinkView;
  /** High-entropy secret; only its hash is stored. */
  secret: string;
  /** The console path to open on the screen: `/wallboard#<secret>` (the fragment never leaves the browser). */
  path: string;
}

/** `data` of `GET /api/workforce/wallboards` and of a revocation. */
export interface WallboardLinkResult {
  wallboard: WallboardLinkView;
}

/** `POST /api/wallboard/session`: the wallboard page exchanges its link's secret. */
export interface WallboardSessionRequest {
  secret: string;
}

/** `data` of `POST /api/wallboard/session`: the read-only wallboard credential. */
export interface WallboardSessionResult {
  /** Bearer for `GET /api/wallboard` and the Socket.IO handshake (`auth: { token }`), nothing else. */
  token: string;
  expiresInSeconds: number;
}

/** One team on a wallboard. */
export interface WallboardTeamView {
  teamId: string;
  name: string;
  serviceLevelTargetPercent: number;
  serviceLevelThresholdSeconds: number;
  /** The team's alert thresholds: the wallboard colours a figure past one. */
  thresholds: TeamAlertThresholds;
  today: KpiFigures;
  live: LiveFigures;
  staffing: LiveStaffing;
}

/** `data` of `GET /api/wallboard`: `data.wallboard`. */
export interface WallboardView {
  name: string;
  rotationSeconds: number;
  teams: WallboardTeamView[];
  generatedAt: string;
}

export interface WallboardResult {
  wallboard: WallboardView;
}
