import { Routes } from '@angular/router';

import { Permission } from '@poscalls4u/contracts';
import { authRoutes, permissionGuard, signedInGuard } from '@poscalls4u/web-auth';

export const appRoutes: Routes = [
  ...authRoutes(),
  // The home is the live dashboard; it and the reports load on demand (Chart.js stays out of the
  // initial bundle).
  {
    path: '',
    pathMatch: 'full',
    canActivate: [signedInGuard],
    loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
  },
  {
    path: 'reports',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./reports/reports.page').then((m) => m.ReportsPage),
  },
  {
    path: 'settings',
    canActivate: [permissionGuard(Permission.DashboardView)],
    loadComponent: () => import('./settings/settings.page').then((m) => m.SettingsPage),
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
