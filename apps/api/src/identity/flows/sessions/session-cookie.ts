import type { Request, Response } from 'express';

import {
  CONSOLE_CLIENT_HEADER,
  CONSOLE_CLIENT_VALUE,
  REFRESH_COOKIE_NAME,
  SESSION_HINT_COOKIE_NAME,
  SessionResult,
} from '@poscalls4u/contracts';

import { IssuedSession } from './sessions.service';

/** The consoles say who they are so that their refresh token never reaches script. */
function isConsoleClient(request: Request): boolean {
  return request.header(CONSOLE_CLIENT_HEADER)?.toLowerCase() === CONSOLE_CLIENT_VALUE;
}

/**
 * Answers a new or refreshed session: API clients get the refresh token in the body; the
 * consoles get it as a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict, Path=/), which the
 * browser sends back only to this origin and no script can read.
 */
export function sessionResponse(
  issued: IssuedSession,
  request: Request,
  response: Response,
  maxAgeSeconds: number,
): SessionResult {
  const { refreshToken, ...result } = issued;
  if (!isConsoleClient(request)) return { ...result, refreshToken };
  response.cookie(REFRESH_COOKIE_NAME, refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    maxAge: maxAgeSeconds * 1000,
  });
  // Holds no secret: it only tells the console's script that a refresh is worth trying.
  response.cookie(SESSION_HINT_COOKIE_NAME, '1', {
    httpOnly: false,
    secure: true,
    sameSite: 'strict',
    path: '/',
    maxAge: maxAgeSeconds * 1000,
  });
  return result;
}

export function clearRefreshCookie(response: Response): void {
  response.clearCookie(REFRESH_COOKIE_NAME, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
  });
  response.clearCookie(SESSION_HINT_COOKIE_NAME, { secure: true, sameSite: 'strict', path: '/' });
}

export function refreshTokenOf(
  request: Request,
  bodyToken: string | undefined,
): string | undefined {
  if (bodyToken) return bodyToken;
  const cookies = (request as Request & { cookies?: Record<string, string> }).cookies;
  return isConsoleClient(request) ? cookies?.[REFRESH_COOKIE_NAME] : undefined;
}
