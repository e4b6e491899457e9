import { DOCUMENT } from '@angular/common';
import { Component, OnDestroy, computed, inject, signal } from '@angular/core';
import type { Socket } from 'socket.io-client';

import {
  ClientToServerEvents,
  DashboardUpdateEvent,
  ServerToClientEvents,
} from '@poscalls4u/contracts';
import { SOCKET_FACTORY } from '@poscalls4u/web-realtime';

import {
  Board,
  BoardTeam,
  Tone,
  applyUpdate,
  boardOf,
  clock,
  longestWaitNow,
  serviceLevelTone,
  staffingTone,
  waitTone,
} from './wallboard-figures';
import { WallboardRequestError, exchangeWallboardSecret, readWallboard } from './wallboards-api';

/** The whole board is read again this often: the 30-minute staffing window slides without events. */
const REREAD_MS = 30_000;
/** After a refused exchange or read that is not a revocation (the API restarting), try again. */
const RETRY_MS = 3_000;
/** A wallboard token is renewed this long before it expires. */
const RENEW_EARLY_SECONDS = 120;

type Status = 'starting' | 'live' | 'reconnecting' | 'revoked' | 'no-link';

/**
 * `/wallboard#<secret>`: the read-only screen of a wallboard link, outside the console's chrome
 * and without a user session. The secret (in the fragment: never sent to a server) is exchanged
 * for a wallboard token, again before it expires; the figures come from `GET /api/wallboard`
 * and the `dashboard:update` pushes of its socket. It runs unattended: the socket reconnects by
 * itself (an API restart included), the board is read again after every reconnect and every
 * 30 s, and only a revocation stops it.
 */
@Component({
  selector: 'pc-wallboard-page',
  template: `
    <main class="pc-board" data-testid="wallboard" [attr.data-status]="status()">
      @switch (status()) {
        @case ('revoked') {
          <p class="pc-board__notice" data-testid="wallboard-revoked-notice">
            This wallboard link was revoked. Ask a supervisor for a new one.
          </p>
        }
        @case ('no-link') {
          <p class="pc-board__notice" data-testid="wallboard-no-link">
            Open this page with a wallboard link (Wallboards, in the supervisor console).
          </p>
        }
        @default {
          @if (team(); as team) {
            <header class="pc-board__head">
              <h1 class="pc-board__team" data-testid="wallboard-team">{{ team.name }}</h1>
              <p class="pc-board__meta">
                <span class="pc-board__state" data-testid="wallboard-connection">
                  {{ status() === 'live' ? '● Live' : '○ Reconnecting…' }}
                </span>
                <span>{{ time() }}</span>
              </p>
            </header>
            <section class="pc-board__grid" aria-label="Live figures">
              <div class="pc-board__tile" [attr.data-tone]="waitingTone(team)">
                <span class="pc-board__label">Calls waiting</span>
                <span class="pc-board__value" data-testid="wb-calls-waiting">{{
                  team.live.callsWaiting
                }}</span>
              </div>
              <div class="pc-board__tile" [attr.data-tone]="waitTone(team, now())">
                <span class="pc-board__label">Longest wait</span>
                <span class="pc-board__value" data-testid="wb-longest-wait">{{
                  clock(longestWaitNow(team, now()))
                }}</span>
                @if (team.thresholds.callWaitingLongerThanSeconds !== null) {
                  <span class="pc-board__note"
                    >{{ waitTone(team, now()) === 'bad' ? '▲ Over' : 'Limit' }}
                    {{ team.thresholds.callWaitingLongerThanSeconds }} s</span
                  >
                }
              </div>
              <div class="pc-board__tile" [attr.data-tone]="serviceLevelTone(team)">
                <span class="pc-board__label">Service level</span>
                <span class="pc-board__value" data-testid="wb-service-level">{{
                  team.today.serviceLevelPercent === null
                    ? '—'
                    : team.today.serviceLevelPercent + ' %'
                }}</span>
                <span class="pc-board__note"
                  >{{ serviceLevelTone(team) === 'bad' ? '▼ Below' : 'Target' }}
                  {{ team.serviceLevelTargetPercent }} % in
                  {{ team.serviceLevelThresholdSeconds }} s</span
                >
              </div>
              <div class="pc-board__tile">
                <span class="pc-board__label">Answered today</span>
                <span class="pc-board__value" data-testid="wb-answered">{{
                  team.today.answered
                }}</span>
              </div>
              <div class="pc-board__tile">
                <span class="pc-board__label">Abandoned today</span>
                <span class="pc-board__value" data-testid="wb-abandoned">{{
                  team.today.abandoned
                }}</span>
              </div>
              <div class="pc-board__tile" [attr.data-tone]="staffingTone(team)">
                <span class="pc-board__label">Agents needed now</span>
                <span class="pc-board__value" data-testid="wb-agents-needed">{{
                  team.staffing.agentsNeeded ?? '—'
                }}</span>
                <span class="pc-board__note"
                  >{{ team.staffing.understaffed ? '▼ Understaffed:' : 'Taking calls:' }}
                  {{ team.staffing.agentsStaffed
                  }}{{ team.staffing.agentsNeeded === null ? ' · no handle time yet' : '' }}</span
                >
              </div>
            </section>
            <section class="pc-board__agents" aria-label="Agents by state">
              <span data-testid="wb-agents-available"
                ><b>{{ team.live.agents.available }}</b> available</span
              >
              <span data-testid="wb-agents-on-call"
                ><b>{{ team.live.agents.onCall }}</b> on call</span
              >
              <span
                ><b>{{ team.live.agents.wrapUp }}</b> wrap-up</span
              >
              <span
                ><b>{{ team.live.agents.break }}</b> on break</span
              >
              <span
                ><b>{{ team.live.agents.offline }}</b> offline</span
              >
            </section>
            @if (teamCount() > 1) {
              <footer class="pc-board__rotation" aria-hidden="true">
                @for (other of board()?.teams ?? []; track other.teamId; let i = $index) {
                  <span [class.pc-board__current]="i === shownIndex()">{{ other.name }}</span>
                }
              </footer>
            }
          } @else if (board()) {
            <p class="pc-board__notice" data-testid="wallboard-empty">
              This wallboard has no team to show: its teams were archived, or its creator no longer
              manages them.
            </p>
          } @else {
            <p class="pc-board__notice" data-testid="wallboard-loading">
              {{ status() === 'reconnecting' ? 'Reconnecting…' : 'Loading the wallboard…' }}
            </p>
          }
        }
      }
    </main>
  `,
  styles: `
    :host {
      display: block;
      color-scheme: dark;
    }
    .pc-board {
      box-sizing: border-box;
      min-height: 100vh;
      padding: 2.5vh 3vw;
      background: #000;
      color: #fff;
      font-family: system-ui, sans-serif;
      font-variant-numeric: tabular-nums;
      display: flex;
      flex-direction: column;
      gap: 2.5vh;
    }
    .pc-board__head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 2vw;
    }
    .pc-board__team {
      margin: 0;
      font-size: 7vh;
      line-height: 1.2;
      font-weight: 800;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .pc-board__meta {
      display: flex;
      gap: 2vw;
      margin: 0;
      font-size: 3.5vh;
      color: #d0d0d0;
      white-space: nowrap;
    }
    .pc-board__grid {
      flex: 1;
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      grid-template-rows: repeat(2, 1fr);
      gap: 2vh 1.5vw;
    }
    .pc-board__tile {
      display: flex;
      flex-direction: column;
      justify-content: center;
      padding: 1.5vh 1.5vw;
      border: 0.4vh solid #555;
      border-radius: 1.5vh;
      background: #141414;
    }
    .pc-board__tile[data-tone='ok'] {
      border-color: #3ddc84;
    }
    .pc-board__tile[data-tone='bad'] {
      border-color: #ff5252;
      background: #5c0000;
    }
    .pc-board__label {
      font-size: 3.6vh;
      font-weight: 600;
      color: #e6e6e6;
    }
    .pc-board__value {
      font-size: 15vh;
      font-weight: 800;
      line-height: 1.05;
    }
    .pc-board__note {
      font-size: 3vh;
      color: #e6e6e6;
    }
    .pc-board__agents {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 1vh 2vw;
      font-size: 4.5vh;
    }
    .pc-board__agents b {
      font-size: 6vh;
    }
    .pc-board__rotation {
      display: flex;
      gap: 2vw;
      font-size: 2.6vh;
      color: #a8a8a8;
    }
    .pc-board__current {
      color: #fff;
      font-weight: 700;
      text-decoration: underline;
    }
    .pc-board__notice {
      margin: auto;
      font-size: 5vh;
      text-align: center;
    }
  `,
})
export class WallboardPage implements OnDestroy {
  private readonly document = inject(DOCUMENT);
  private readonly createSocket = inject(SOCKET_FACTORY);
  /** The link's secret, from the URL's fragment (kept there: a reload starts over by itself). */
  private readonly secret = decodeURIComponent(this.document.location.hash.replace(/^#/, ''));

  protected readonly status = signal<Status>('starting');
  protected readonly board = signal<Board | null>(null);
  protected readonly now = signal(Date.now());
  private readonly rotation = signal(0);
  protected readonly teamCount = computed(() => this.board()?.teams.length ?? 0);
  protected readonly shownIndex = computed(() =>
    this.teamCount() === 0 ? 0 : this.rotation() % this.teamCount(),
  );
  protected readonly team = computed<BoardTeam | null>(
    () => this.board()?.teams[this.shownIndex()] ?? null,
  );
  protected readonly time = computed(() =>
    new Date(this.now()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
  );

  protected readonly clock = clock;
  protected readonly longestWaitNow = longestWaitNow;
  protected readonly waitTone = waitTone;
  protected readonly serviceLevelTone = serviceLevelTone;
  protected readonly staffingTone = staffingTone;

  private token: string | null = null;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private stopped = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private renewTimer?: ReturnType<typeof setTimeout>;
  private rotationTimer?: ReturnType<typeof setInterval>;
  private rotationSeconds = 0;

  constructor() {
    if (this.secret === '') {
      this.status.set('no-link');
      return;
    }
    this.timers.push(setInterval(() => this.now.set(Date.now()), 1000));
    this.timers.push(setInterval(() => void this.read(), REREAD_MS));
    void this.start();
  }

  ngOnDestroy(): void {
    this.stop();
  }

  protected waitingTone(team: BoardTeam): Tone {
    return team.live.callsWaiting > 0 ? waitTone(team, this.now()) : 'none';
  }

  private async start(): Promise<void> {
    if (!(await this.renewToken())) return;
    await this.read();
    this.openSocket();
  }

  /**
   * Exchanges the secret for a fresh wallboard token (and hands it to the open socket). Retries
   * while the API cannot answer; a 401 means the link is revoked, and everything stops.
   */
  private async renewToken(): Promise<boolean> {
    while (!this.stopped) {
      try {
        const session = await exchangeWallboardSecret(this.secret);
        this.token = session.token;
        clearTimeout(this.renewTimer);
        this.renewTimer = setTimeout(
          () => void this.renewToken(),
          Math.max(10, session.expiresInSeconds - RENEW_EARLY_SECONDS) * 1000,
        );
        if (this.socket?.connected) this.socket.emit('auth:renew', session.token, () => undefined);
        return true;
      } catch (error) {
        if (error instanceof WallboardRequestError && error.status === 401) {
          this.revoked();
          return false;
        }
        this.status.set('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    return false;
  }

  /** Reads the whole board; a refused token is renewed once, then read again. */
  private async read(retry = true): Promise<void> {
    if (this.stopped || !this.token) return;
    try {
      const view = await readWallboard(this.token);
      this.board.set(boardOf(view, Date.now(), this.board()));
      this.rotate(view.rotationSeconds);
      if (this.socket?.connected) this.status.set('live');
    } catch (error) {
      if (error instanceof WallboardRequestError && error.status === 401 && retry) {
        if (await this.renewToken()) await this.read(false);
        return;
      }
      // The API is away: the socket reconnects by itself and reads again then.
      this.status.set('reconnecting');
    }
  }

  private openSocket(): void {
    if (this.stopped) return;
    const socket = this.createSocket(this.document.location.origin, {
      transports: ['websocket'],
      // A function, so that every reconnect carries the token of the moment.
      auth: (callback) => callback({ token: this.token }),
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.status.set('live');
      // Whatever changed while away (an API restart, a network gap) is read again.
      void this.read();
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.status.set('reconnecting');
      // The server ended it (its token expired): renew, then connect again. Other reasons
      // (transport closed, the API restarting) reconnect by themselves.
      if (reason === 'io server disconnect') void this.reconnectWithNewToken();
    });
    socket.on('connect_error', () => {
      if (this.stopped) return;
      this.status.set('reconnecting');
      // Refused by the handshake (not a network error, which the client retries by itself).
      if (!socket.active) void this.reconnectWithNewToken();
    });
    socket.on('session:ended', ({ reason }) => {
      if (reason === 'wallboard_revoked') this.revoked();
    });
    socket.on('dashboard:update', (update: DashboardUpdateEvent) => {
      const board = this.board();
      if (board) this.board.set(applyUpdate(board, update, Date.now()));
    });
  }

  private async reconnectWithNewToken(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    if (this.stopped || !(await this.renewToken())) return;
    if (!this.socket?.connected) this.socket?.connect();
  }

  private rotate(seconds: number): void {
    if (seconds === this.rotationSeconds) return;
    this.rotationSeconds = seconds;
    clearInterval(this.rotationTimer);
    this.rotationTimer = setInterval(() => this.rotation.update((i) => i + 1), seconds * 1000);
  }

  private revoked(): void {
    this.status.set('revoked');
    this.board.set(null);
    this.stop();
  }

  private stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.renewTimer);
    clearInterval(this.rotationTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }
}
