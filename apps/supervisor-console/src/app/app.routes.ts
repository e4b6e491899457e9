import { Routes } from '@angular/router';

import { Permission } from '@poscalls4u/contracts';
import { authRoutes, permissionGuard, signedInGuard } from '@poscalls4u/web-auth';

export const appRoutes: Routes = [
  ...authRoutes(),
  // The wallboard screen: no user session, no console chrome (see App); its link's secret is
  // in the URL's fragment.
  {
    path: 'wallboard',
    loadComponent: () => import('./wallboards/wallboard.page').then((m) => m.WallboardPage),
  },
  {
    path: 'wallboards',
    canActivate: [permissionGuard(Permission.WallboardsManage)],
    loadComponent: () => import('./wallboards/wallboards.page').then((m) => m.WallboardsPage),
  },
  // The home is the live dashboard; it and the reports load on demand (Chart.js stays out of the
  // initial bundle).
  {
    path: '',
    pathMatch: 'full',
    canActivate: [signedInGuard],
    loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
  },
  {
    path: 'chat',
    canActivate: [signedInGuard],
    loadComponent: () => import('@poscalls4u/web-chat').then((m) => m.ChatPage),
  },
  {
    path: 'reports',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./reports/reports.page').then((m) => m.ReportsPage),
  },
  {
    path: 'staffing',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./workforce/staffing.page').then((m) => m.StaffingPage),
  },
  {
    path: 'forecast',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./workforce/forecast.page').then((m) => m.ForecastPage),
  },
  {
    path: 'compare',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () =>
      import('./workforce/team-comparison.page').then((m) => m.TeamComparisonPage),
  },
  {
    path: 'scheduled-reports',
    canActivate: [permissionGuard(Permission.ReportsSchedule)],
    loadComponent: () =>
      import('./scheduled-reports/scheduled-reports.page').then((m) => m.ScheduledReportsPage),
  },
  {
    path: 'settings',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./settings/settings.page').then((m) => m.SettingsPage),
  },
  {
    path: 'teams',
    canActivate: [permissionGuard(Permission.TeamsManage)],
    loadComponent: () => import('./teams/teams.page').then((m) => m.TeamsPage),
  },
  {
    path: 'teams/:teamId',
    canActivate: [permissionGuard(Permission.TeamsManage)],
    loadComponent: () => import('./teams/team-detail.page').then((m) => m.TeamDetailPage),
  },
  {
    path: 'skills',
    canActivate: [permissionGuard(Permission.SkillsManage)],
    loadComponent: () => import('./skills/skills.page').then((m) => m.SkillsPage),
  },
  {
    path: 'dispositions',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./dispositions/dispositions.page').then((m) => m.DispositionsPage),
  },
  {
    path: 'break-reasons',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () =>
      import('./break-reasons/break-reasons.page').then((m) => m.BreakReasonsPage),
  },
  {
    path: 'integrations',
    canActivate: [permissionGuard(Permission.UsersManage)],
    loadComponent: () => import('./integrations/integrations.page').then((m) => m.IntegrationsPage),
  },
  {
    path: 'users',
    canActivate: [permissionGuard(Permission.UsersManage)],
    loadComponent: () => import('./admin/users.page').then((m) => m.UsersPage),
  },
  {
    path: 'audit',
    canActivate: [permissionGuard(Permission.AuditRead)],
    loadComponent: () => import('./admin/audit.page').then((m) => m.AuditPage),
  },
  {
    path: 'security',
    canActivate: [permissionGuard(Permission.UsersManage)],
    loadComponent: () => import('./admin/security.page').then((m) => m.SecurityPage),
  },
  {
    path: 'security-profiles',
    canActivate: [permissionGuard(Permission.SecurityProfilesManage)],
    loadComponent: () =>
      import('./security-profiles/security-profiles.page').then((m) => m.SecurityProfilesPage),
  },
  {
    path: 'teams/:teamId/security-profile',
    canActivate: [permissionGuard(Permission.SecurityProfilesManage)],
    loadComponent: () =>
      import('./security-profiles/security-profiles.page').then((m) => m.SecurityProfilesPage),
  },
  { path: '**', redirectTo: '' },
];
