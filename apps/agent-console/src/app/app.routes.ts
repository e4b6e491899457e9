import { Routes } from '@angular/router';

import { authRoutes, signedInGuard } from '@poscalls4u/web-auth';

import { HomePage } from './home/home.page';

export const appRoutes: Routes = [
  ...authRoutes({ signUp: true }),
  { path: '', pathMatch: 'full', component: HomePage, canActivate: [signedInGuard] },
  { path: '**', redirectTo: '' },
];
