import { uniqueEmail } from './browser';
import { waitForLink } from './mail';
import { baseUrl } from './platform';
import { apiCall, apiToken } from './platform-api';

/**
 * A new, verified user whose email starts with `emailPrefix` (see demo-accounts.ts): an agent, or
 * a supervisor promoted by the admin whose token is `admin`. Suites that change an account's
 * calls or routing use one of these, so no demo account is disturbed.
 */
export async function newVerifiedUser(
  admin: string,
  options: { emailPrefix: string; name: string; role: 'agent' | 'supervisor'; password: string },
): Promise<{ id: string; email: string; token: string }> {
  const { emailPrefix, name, role, password } = options;
  const email = uniqueEmail(emailPrefix);
  const since = Date.now();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, email, password }),
  });
  expect(registered.status).toBe(201);
  const link = new URL(await waitForLink(email, '/verify-email?token=', since));
  const verified = await fetch(`${baseUrl()}/api/auth/verify-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token') }),
  });
  expect(verified.status).toBe(200);
  let token = await apiToken(email, password);
  const { user } = await apiCall<{ user: { id: string } }>(token, 'GET', 'auth/profile');
  if (role === 'supervisor') {
    const promoted = await fetch(`${baseUrl()}/api/users/${user.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'supervisor' }),
    });
    expect(promoted.status).toBe(200);
    token = await apiToken(email, password);
  }
  return { id: user.id, email, token };
}
