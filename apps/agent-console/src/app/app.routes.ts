import { Routes } from '@angular/router';

import { authRoutes, signedInGuard } from '@poscalls4u/web-auth';

export const appRoutes: Routes = [
  ...authRoutes({ signUp: true }),
  // The home is the call screen: what an agent works in all day.
  {
    path: '',
    pathMatch: 'full',
    canActivate: [signedInGuard],
    loadChildren: () => import('./calls/calls.routes').then((m) => m.callsRoutes),
  },
  { path: '**', redirectTo: '' },
];
