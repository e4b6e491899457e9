import { createHmac, randomUUID } from 'node:crypto';

import { MAX_PAGE_SIZE, Page } from '@poscalls4u/contracts';

import { baseUrl } from './platform';

/**
 * The platform's REST API, for the browser tests' set-up steps (what an admin or a PBX would do),
 * so that the browser only does what the person under test does.
 */

/** A failed API call, with the envelope's code and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`API answered ${String(status)}: ${JSON.stringify(body)}`);
  }
}

async function unwrap<T>(response: Response): Promise<T> {
  const body = (await response.json()) as { success: boolean; data?: T };
  if (!response.ok || !body.success) {
    throw new ApiCallError(response.status, body);
  }
  return body.data as T;
}

/** Signs in through the API (as an integrator would, not as a console) and returns the token. */
export async function apiToken(email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await unwrap<{ token: string }>(response)).token;
}

/** `apiCall(token, 'GET', 'teams')` -> the envelope's `data`. */
export async function apiCall<T>(
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl()}/api/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return unwrap<T>(response);
}

/**
 * Every item of a paged list (`apiList(token, 'presence?teamId=...')`), read `MAX_PAGE_SIZE` at a
 * time until the list's `total` is reached.
 */
export async function apiList<T>(token: string, path: string): Promise<T[]> {
  const items: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page++) {
    const answer = await apiCall<Page<T>>(
      token,
      'GET',
      `${path}${separator}page=${String(page)}&pageSize=${String(MAX_PAGE_SIZE)}`,
    );
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= answer.total) {
      return items;
    }
  }
}

/** `X-PosCalls-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signatureHeader(secret: string, rawBody: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret)
    .update(`${String(t)}.${rawBody}`)
    .digest('hex');
  return `t=${String(t)},v1=${v1}`;
}

export interface TestIntegration {
  id: string;
  secret: string;
}

/** Posts PBX call events to an integration, signed with its secret, as a PBX would. */
export async function postCallEvents(
  integration: TestIntegration,
  events: object | object[],
): Promise<unknown> {
  const rawBody = JSON.stringify(events);
  const response = await fetch(`${baseUrl()}/api/integrations/${integration.id}/call-events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-PosCalls-Signature': signatureHeader(integration.secret, rawBody),
    },
    body: rawBody,
  });
  return unwrap(response);
}

/** A simulated inbound call: the PBX says a caller joined `teamId`'s queue. */
export function queuedCallEvent(teamId: string, from: string, to = '+15550199') {
  return {
    id: randomUUID(),
    type: 'call.queued',
    occurredAt: new Date().toISOString(),
    callId: `e2e-${randomUUID()}`,
    teamId,
    direction: 'inbound',
    from,
    to,
  };
}
