import { createActionGroup, emptyProps, props } from '@ngrx/store';

import {
  AgentStatusEvent,
  CallView,
  DashboardUpdateEvent,
  DashboardView,
  NotificationPayload,
} from '@poscalls4u/contracts';

/** What the supervisor does on the dashboard. */
export const StatsActions = createActionGroup({
  source: 'Stats',
  events: {
    /** The dashboard opened: load it and follow the live events. */
    'Dashboard Opened': emptyProps(),
    'Dashboard Closed': emptyProps(),
    /** Null: every team the supervisor sees (the center for admins). */
    'Team Filter Changed': props<{ teamId: string | null }>(),
    'Refresh Requested': emptyProps(),
  },
});

export const StatsApiActions = createActionGroup({
  source: 'Stats API',
  events: {
    /** `receivedAt`: this machine's clock when the answer arrived (for the ticking timers). */
    'Dashboard Loaded': props<{ dashboard: DashboardView; receivedAt: number }>(),
    'Dashboard Failed': props<{ message: string }>(),
  },
});

export const StatsRealtimeActions = createActionGroup({
  source: 'Stats Realtime',
  events: {
    Connected: emptyProps(),
    Disconnected: props<{ reason: string }>(),
    'Dashboard Updated': props<{ update: DashboardUpdateEvent }>(),
    'Agent Status Changed': props<{ event: AgentStatusEvent }>(),
    'Call Changed': props<{ call: CallView }>(),
    'Notification Received': props<{ notification: NotificationPayload }>(),
    /** The server ended the connection; `token_expired` is mended by a refresh. */
    'Session Ended': props<{ reason: string }>(),
  },
});
