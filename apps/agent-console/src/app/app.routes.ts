import { Routes } from '@angular/router';

import { authRoutes, signedInGuard } from '@poscalls4u/web-auth';

export const appRoutes: Routes = [
  // The account pages; the profile page is one of the signed-in workspace's pages instead.
  ...authRoutes({ signUp: true }).filter((route) => route.path !== 'profile'),
  // The home is the call screen: what an agent works in all day.
  {
    path: '',
    canActivate: [signedInGuard],
    loadChildren: () => import('./workspace/workspace.routes').then((m) => m.workspaceRoutes),
  },
  { path: '**', redirectTo: '' },
];
