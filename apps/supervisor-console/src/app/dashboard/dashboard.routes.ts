import { Routes } from '@angular/router';

import { provideStats } from '@poscalls4u/web-stats';

import { DashboardPage } from './dashboard.page';

/** Loaded on demand: the live dashboard, its store feature, Chart.js and the Socket.IO client. */
export const dashboardRoutes: Routes = [
  { path: '', component: DashboardPage, providers: [provideStats()] },
];
