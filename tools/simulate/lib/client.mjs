// A small client of the PosCalls4U API for the simulator and the benchmarks: the JSON envelope,
// rate-limit retries, sign-in with token refresh, and the PBX's signed call-event posts.
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** `X-PosCalls-Signature` (libs/shared/contracts/src/lib/integrations.ts). */
export const SIGNATURE_HEADER = 'x-poscalls-signature';

/** The largest page a list answers (`MAX_PAGE_SIZE` in libs/shared/contracts). */
const PAGE_SIZE = 100;

export class ApiError extends Error {
  constructor(method, path, status, error) {
    super(`${method} ${path}: ${status} ${error?.code ?? ''} ${error?.message ?? ''}`.trim());
    this.status = status;
    this.code = error?.code;
  }
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signature(secret, rawBody, now = Date.now()) {
  const t = Math.floor(now / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * One request; answers the envelope's `data`. A 429 is waited out (Retry-After) a few times:
 * the sign-in limit (10 a minute per address by default) is easy to reach with ten agents.
 */
export async function request(
  baseUrl,
  method,
  path,
  { token, body, headers = {}, retries = 5 } = {},
) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.status === 429 && attempt < retries) {
      const seconds = Math.min(Number(response.headers.get('retry-after')) || 2 ** attempt, 60);
      console.error(`${method} ${path}: rate limited (429), trying again in ${seconds} s`);
      await sleep(seconds * 1000);
      continue;
    }
    if (!response.ok || json?.success === false) {
      throw new ApiError(
        method,
        path,
        response.status,
        json?.error ?? { message: text.slice(0, 200) },
      );
    }
    return json?.data;
  }
}

/**
 * A signed-in user that keeps its access token fresh: it refreshes before expiry (the refresh
 * token rotates) and tells its listeners, so a socket can pass the new token on (`auth:renew`).
 */
export class Session {
  constructor(baseUrl, email) {
    this.baseUrl = baseUrl;
    this.email = email;
    this.listeners = [];
  }

  static async signIn(baseUrl, email, password) {
    const session = new Session(baseUrl, email);
    const data = await request(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
    session.adopt(data);
    return session;
  }

  adopt(data) {
    this.token = data.token;
    this.refreshToken = data.refreshToken;
    this.user = data.user;
    clearTimeout(this.refreshTimer);
    // Refresh at 80 % of the lifetime, leaving room for a slow or rate-limited refresh.
    const delay = Math.max(5, (data.expiresIn ?? 900) * 0.8) * 1000;
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch((error) =>
        console.error(`${this.email}: token refresh failed: ${error.message}`),
      );
    }, delay);
    this.refreshTimer.unref();
  }

  async refresh() {
    const data = await request(this.baseUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: this.refreshToken },
    });
    this.adopt(data);
    for (const listener of this.listeners) listener(this.token);
  }

  onTokenRenewed(listener) {
    this.listeners.push(listener);
  }

  call(method, path, body) {
    return request(this.baseUrl, method, path, { token: this.token, body });
  }

  /**
   * Every item of a paged list (`{ items, total, page, pageSize }`), read 100 at a time (the
   * largest page the API serves). `path` may carry its own query, without `page`/`pageSize`.
   */
  async all(path) {
    const items = [];
    const separator = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page++) {
      const answer = await this.call(
        'GET',
        `${path}${separator}page=${page}&pageSize=${PAGE_SIZE}`,
      );
      items.push(...answer.items);
      if (answer.items.length === 0 || items.length >= answer.total) return items;
    }
  }

  async signOut() {
    clearTimeout(this.refreshTimer);
    try {
      await this.call('POST', '/api/auth/logout');
    } catch {
      // Leaving anyway: the session expires on its own.
    }
  }
}

/** Posts one call event or an array of them, signed; answers the IngestResult. */
export function postCallEvents(baseUrl, integration, events) {
  const rawBody = JSON.stringify(events);
  return request(baseUrl, 'POST', `/api/integrations/${integration.id}/call-events`, {
    body: rawBody,
    headers: { [SIGNATURE_HEADER]: signature(integration.secret, rawBody) },
  });
}

/**
 * The integration named `name` with a secret this process knows: the secret is shown only once,
 * so an existing one gets a new secret (rotation) and a missing one is created.
 */
export async function integrationWithSecret(admin, name) {
  const existing = (await admin.all('/api/integrations')).find(
    (integration) => integration.name === name,
  );
  if (!existing) return (await admin.call('POST', '/api/integrations', { name })).integration;
  if (!existing.isActive)
    await admin.call('PATCH', `/api/integrations/${existing.id}`, { isActive: true });
  return (await admin.call('POST', `/api/integrations/${existing.id}/rotate-secret`)).integration;
}
