import { DashboardUpdateEvent, WallboardTeamView, WallboardView } from '@poscalls4u/contracts';

/** How a figure stands against the team's alert thresholds: the wallboard's colours. */
export type Tone = 'ok' | 'bad' | 'none';

/** One team on screen, with when its live values were read (the longest wait ticks from there). */
export interface BoardTeam extends WallboardTeamView {
  /** This machine's clock when the live values arrived. */
  liveAt: number;
  /** The server's time of the figures (a read's `generatedAt`, a push's `at`). */
  figuresAt: string;
}

export interface Board {
  name: string;
  rotationSeconds: number;
  generatedAt: string;
  teams: BoardTeam[];
}

/**
 * The wallboard as read from `GET /api/wallboard`, stamped with the moment it arrived. A team
 * whose pushed figures (in `current`) are newer than the read, by the server's clock, keeps them:
 * a push can overtake a read on its way.
 */
export function boardOf(view: WallboardView, receivedAt: number, current?: Board | null): Board {
  return {
    ...view,
    teams: view.teams.map((team) => {
      const pushed = current?.teams.find((shown) => shown.teamId === team.teamId);
      return pushed && Date.parse(pushed.figuresAt) > Date.parse(view.generatedAt)
        ? {
            ...team,
            today: pushed.today,
            live: pushed.live,
            staffing: pushed.staffing,
            liveAt: pushed.liveAt,
            figuresAt: pushed.figuresAt,
          }
        : { ...team, liveAt: receivedAt, figuresAt: view.generatedAt };
    }),
  };
}

/**
 * A team's `dashboard:update` applied to the board: its today, live and staffing figures. An
 * update older than the team's figures on screen is dropped.
 */
export function applyUpdate(board: Board, update: DashboardUpdateEvent, receivedAt: number): Board {
  const scope = update.scope;
  if (scope.kind !== 'team') return board;
  const shown = board.teams.find((team) => team.teamId === scope.teamId);
  if (!shown || Date.parse(update.at) < Date.parse(shown.figuresAt)) return board;
  return {
    ...board,
    teams: board.teams.map((team) =>
      team.teamId === scope.teamId
        ? {
            ...team,
            today: update.today,
            live: update.live,
            staffing: update.staffing ?? team.staffing,
            liveAt: receivedAt,
            figuresAt: update.at,
          }
        : team,
    ),
  };
}

/** The longest current wait now: the figure read, plus the time since, while calls wait. */
export function longestWaitNow(team: BoardTeam, now: number): number {
  if (team.live.callsWaiting === 0) return 0;
  return team.live.longestCurrentWaitSeconds + Math.max(0, Math.floor((now - team.liveAt) / 1000));
}

/** Service level below the team's alert threshold (its target when never set) is bad. */
export function serviceLevelTone(team: WallboardTeamView): Tone {
  const level = team.today.serviceLevelPercent;
  const limit = team.thresholds.serviceLevelBelowPercent;
  if (level === null || limit === null) return 'none';
  return level < limit ? 'bad' : 'ok';
}

/** A call waiting longer than the team's alert threshold is bad. */
export function waitTone(team: BoardTeam, now: number): Tone {
  const limit = team.thresholds.callWaitingLongerThanSeconds;
  if (limit === null) return 'none';
  return longestWaitNow(team, now) > limit ? 'bad' : 'ok';
}

/** Fewer agents taking calls than live staffing needs is bad. */
export function staffingTone(team: WallboardTeamView): Tone {
  if (team.staffing.agentsNeeded === null) return 'none';
  return team.staffing.understaffed ? 'bad' : 'ok';
}

/** `m:ss` (or `h:mm:ss`): large and tabular on the board. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}
