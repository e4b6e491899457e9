/**
 * The API lives on the same origin as the consoles, under `/api`. Paths are absolute because
 * the consoles are served under `/agent/` and `/supervisor/`, where a relative `api/...` would
 * resolve below the console's own path.
 */
export const API_PREFIX = '/api';

/** `apiUrl('auth/login')` -> `/api/auth/login`. */
export function apiUrl(path: string): string {
  return `${API_PREFIX}/${path.replace(/^\/+/, '')}`;
}

/**
 * True for requests to this origin's API. Only these may carry the bearer token: sending it to
 * another origin would leak it.
 */
export function isSameOriginApiRequest(url: string, origin: string): boolean {
  const resolved = new URL(url, origin);
  return (
    resolved.origin === origin &&
    (resolved.pathname === API_PREFIX || resolved.pathname.startsWith(`${API_PREFIX}/`))
  );
}
