import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  CreateWallboardLinkRequest,
  Page,
  SuccessEnvelope,
  WallboardLinkCreatedResult,
  WallboardLinkResult,
  WallboardLinkView,
  WallboardResult,
  WallboardSessionResult,
  WallboardView,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

/** The wallboard links' management routes (signed-in supervisors and admins). */
@Injectable({ providedIn: 'root' })
export class WallboardsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<WallboardLinkView[]> {
    return this.http
      .get<SuccessEnvelope<Page<WallboardLinkView>>>(apiUrl('workforce/wallboards'), {
        params: { pageSize: 100 },
      })
      .pipe(
        unwrapEnvelope(),
        map((page) => page.items),
      );
  }

  create(request: CreateWallboardLinkRequest): Observable<WallboardLinkCreatedResult> {
    return this.http
      .post<SuccessEnvelope<WallboardLinkCreatedResult>>(apiUrl('workforce/wallboards'), request)
      .pipe(unwrapEnvelope());
  }

  revoke(id: string): Observable<WallboardLinkView> {
    return this.http
      .delete<SuccessEnvelope<WallboardLinkResult>>(apiUrl(`workforce/wallboards/${id}`))
      .pipe(
        unwrapEnvelope(),
        map((data) => data.wallboard),
      );
  }
}

/** Why a wallboard request failed: the link no longer works (401), or the API is unreachable. */
export class WallboardRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The wallboard page's own calls. Plain `fetch`, not the console's HttpClient: its interceptor
 * would put a signed-in user's token on them (a supervisor's browser) or end a user session on a
 * 401, and the wallboard has no session of its own: only its wallboard token.
 */
export async function exchangeWallboardSecret(secret: string): Promise<WallboardSessionResult> {
  return wallboardFetch<WallboardSessionResult>('wallboard/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret }),
  });
}

export async function readWallboard(token: string): Promise<WallboardView> {
  const data = await wallboardFetch<WallboardResult>('wallboard', {
    headers: { authorization: `Bearer ${token}` },
  });
  return data.wallboard;
}

async function wallboardFetch<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { ...init, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new WallboardRequestError(0, 'The server cannot be reached.');
  }
  const body = (await response.json().catch(() => null)) as {
    success?: boolean;
    data?: T;
    error?: { message?: string };
  } | null;
  if (!response.ok || !body?.success || body.data === undefined) {
    throw new WallboardRequestError(
      response.status,
      body?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return body.data;
}
