import { Routes } from '@angular/router';

import { SignInPage, signedInGuard, signedOutGuard } from '@poscalls4u/web-auth';

import { HomePage } from './home/home.page';

export const appRoutes: Routes = [
  { path: 'sign-in', component: SignInPage, canActivate: [signedOutGuard] },
  { path: '', pathMatch: 'full', component: HomePage, canActivate: [signedInGuard] },
  { path: '**', redirectTo: '' },
];
