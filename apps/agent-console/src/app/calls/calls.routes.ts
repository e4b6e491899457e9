import { Routes } from '@angular/router';

import { provideCalls } from '@poscalls4u/web-calls';

import { CallScreenPage } from './call-screen.page';

/** Loaded on demand: the call screen, its store feature and the Socket.IO client. */
export const callsRoutes: Routes = [
  { path: '', component: CallScreenPage, providers: [provideCalls()] },
];
