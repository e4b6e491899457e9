import { Routes } from '@angular/router';

import { Permission } from '@poscalls4u/contracts';
import { authRoutes, permissionGuard, signedInGuard } from '@poscalls4u/web-auth';

import { HomePage } from './home/home.page';

export const appRoutes: Routes = [
  ...authRoutes(),
  { path: '', pathMatch: 'full', component: HomePage, canActivate: [signedInGuard] },
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
  { path: '**', redirectTo: '' },
];
