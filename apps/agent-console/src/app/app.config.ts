import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';

import { authInterceptor, provideAuth } from '@poscalls4u/web-auth';

import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideStore(),
    // Every role may take calls, so the agent console lets every role in.
    provideAuth({
      appName: 'Agent console',
      consoleId: 'agent',
      storageKey: 'agent-console',
      allowSignUp: true,
    }),
  ],
};
