import { Route, Routes } from '@angular/router';

import { authRoutes } from '@poscalls4u/web-auth';
import { provideCalls } from '@poscalls4u/web-calls';

import { CallScreenPage } from '../calls/call-screen.page';
import { AgentWorkspace } from './agent-workspace';

/** The shared profile page (changing a password, MFA, sessions), loaded on demand. */
function profileRoute(): Route {
  const profile = authRoutes().find((route) => route.path === 'profile');
  if (profile === undefined) {
    throw new Error('The auth routes have no profile page');
  }
  return profile;
}

/**
 * Loaded on demand after sign-in: every signed-in page sits in the workspace, which holds the
 * calls feature (its store, effects and the Socket.IO connection), so an offer reaches the agent
 * on any page.
 */
export const workspaceRoutes: Routes = [
  {
    path: '',
    component: AgentWorkspace,
    providers: [provideCalls()],
    children: [
      { path: '', pathMatch: 'full', component: CallScreenPage },
      profileRoute(),
      // Chat (and its cryptography) loads only when opened.
      { path: 'chat', loadComponent: () => import('@poscalls4u/web-chat').then((m) => m.ChatPage) },
    ],
  },
];
