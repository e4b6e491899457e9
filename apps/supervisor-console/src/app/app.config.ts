import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { Role } from '@poscalls4u/contracts';
import { authInterceptor, provideAuth } from '@poscalls4u/web-auth';

import { appRoutes } from './app.routes';

export const SUPERVISOR_CONSOLE_ROLES: readonly Role[] = [Role.Supervisor, Role.Admin];
export const REFUSED_ROLE_MESSAGE =
  'This console is for supervisors and admins. Use the agent console.';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideStore(),
    provideAuth({
      appName: 'Supervisor console',
      consoleId: 'supervisor',
      storageKey: 'supervisor-console',
      allowedRoles: SUPERVISOR_CONSOLE_ROLES,
      refusedRoleMessage: REFUSED_ROLE_MESSAGE,
    }),
  ],
};
