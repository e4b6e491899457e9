import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';

import { aUser } from '../../testing/fixtures';
import { PROVIDERS_ANSWER, createPage, errorEnvelope } from '../../testing/page-harness';
import { AuthActions } from '../state/auth.actions';
import { selectError, selectStatus } from '../state/auth.selectors';
import { TokenStorage } from '../token-storage';
import { WRONG_CURRENT_PASSWORD } from './change-password';
import { WRONG_CODE_MESSAGE } from './mfa-settings';
import { ProfilePage } from './profile.page';
import { SIGNED_OUT_EVERYWHERE_MESSAGE } from './sessions-list';

const SESSIONS = [
  {
    id: 'this',
    method: 'password',
    device: 'Chrome on Linux',
    ip: '127.0.0.1',
    userAgent: 'x',
    createdAt: '2026-11-25T08:00:00.000Z',
    lastUsedAt: '2026-11-25T08:00:00.000Z',
    expiresAt: '2026-12-25T08:00:00.000Z',
    current: true,
  },
  {
    id: 'other',
    method: 'mfa',
    device: 'Firefox on Windows',
    ip: '10.0.0.2',
    userAgent: 'y',
    createdAt: '2026-11-24T08:00:00.000Z',
    lastUsedAt: '2026-11-24T09:00:00.000Z',
    expiresAt: '2026-12-24T08:00:00.000Z',
    current: false,
  },
];

async function openProfile(mfaEnabled: boolean) {
  const page = await createPage(ProfilePage);
  TestBed.inject(TokenStorage).write('jwt-1');
  TestBed.inject(Store).dispatch(AuthActions.signInSuccess({ user: aUser() }));
  await page.fixture.whenStable();
  await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
  await page.answer('/api/auth/profile', {
    success: true,
    data: { user: { ...aUser(), mfaEnabled } },
  });
  // A list: read whole, 100 a page.
  await page.answer('/api/auth/sessions?page=1&pageSize=100', {
    success: true,
    data: { items: SESSIONS, total: SESSIONS.length, page: 1, pageSize: 100 },
  });
  return page;
}

describe('ProfilePage', () => {
  it('offers only the set-up to a user without MFA, even when the profile cannot be read', async () => {
    const page = await createPage(ProfilePage, { query: { mfa: 'required' } });
    TestBed.inject(TokenStorage).write('jwt-1');
    TestBed.inject(Store).dispatch(
      AuthActions.signInSuccess({ user: aUser('supervisor', { mfaEnabled: false }) }),
    );
    await page.fixture.whenStable();
    await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
    await page.answer('/api/auth/profile', errorEnvelope('INTERNAL_ERROR'), 500);
    page.http.match(() => true).forEach((request) => request.flush(null));
    await page.fixture.whenStable();
    expect(page.byTestId('mfa-required-notice')?.textContent).toContain(
      'Your organisation requires two-step verification',
    );
    expect(page.byTestId('mfa-setup')).not.toBeNull();
    expect(page.byTestId('mfa-disable')).toBeNull();
    expect(page.byTestId('mfa-regenerate')).toBeNull();
  });

  it('saves the name and avatar', async () => {
    const page = await openProfile(false);
    page.type('profile-name', 'Renamed Agent');
    page.type('profile-avatar', 'https://example.com/me.png');
    await page.click('profile-save');
    const request = page.http.expectOne('/api/auth/profile');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({
      name: 'Renamed Agent',
      avatarUrl: 'https://example.com/me.png',
    });
    request.flush({ success: true, data: { user: aUser('agent', { name: 'Renamed Agent' }) } });
    await page.fixture.whenStable();
    expect(page.byTestId('profile-saved')).not.toBeNull();
  });

  it('explains a wrong current password', async () => {
    const page = await openProfile(false);
    page.type('current-password', 'wrong');
    page.type('new-password', 'a new long passphrase');
    await page.click('change-password');
    await page.answer('/api/auth/change-password', errorEnvelope('UNAUTHORIZED'), 401);
    // The interceptor checks the session once; it is alive, so the 401 is about the password.
    await page.answer('/api/auth/refresh', {
      success: true,
      data: { token: 'jwt-2', expiresIn: 900, sessionId: 'this', user: aUser() },
    });
    await page.answer('/api/auth/change-password', errorEnvelope('UNAUTHORIZED'), 401);
    expect(page.byTestId('password-error')?.textContent?.trim()).toBe(WRONG_CURRENT_PASSWORD);
  });

  it('lists sessions, revokes another one and signs out everywhere', async () => {
    const page = await openProfile(false);
    expect(page.element.querySelectorAll('[data-testid="session"]')).toHaveLength(2);
    expect(page.byTestId('current-session')?.textContent?.trim()).toBe('This device');

    await page.click('revoke-session');
    const revoke = page.http.expectOne('/api/auth/sessions/other');
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush({ success: true, data: {} });
    await page.fixture.whenStable();
    expect(page.element.querySelectorAll('[data-testid="session"]')).toHaveLength(1);

    await page.click('sign-out-everywhere');
    const confirm = document.querySelector<HTMLElement>('[data-testid="confirm-ok"]');
    expect(confirm).not.toBeNull();
    confirm?.click();
    await page.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.answer('/api/auth/logout-all', { success: true, data: {} });
    const store = TestBed.inject(Store);
    expect(store.selectSignal(selectStatus)()).toBe('signed-out');
    expect(store.selectSignal(selectError)()).toBe(SIGNED_OUT_EVERYWHERE_MESSAGE);
  });

  it('enrols in MFA with the QR code and shows the recovery codes once', async () => {
    const page = await openProfile(false);
    await page.click('mfa-setup');
    await page.answer('/api/auth/mfa/setup', {
      success: true,
      data: {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUrl: 'otpauth://totp/x',
        qrCodeDataUrl: 'data:image/png;base64,AAAA',
      },
    });
    expect(page.byTestId('mfa-qr')?.getAttribute('src')).toBe('data:image/png;base64,AAAA');
    expect(page.byTestId('mfa-secret')?.textContent).toBe('JBSWY3DPEHPK3PXP');

    page.type('mfa-enable-code', '000000');
    await page.click('mfa-enable');
    await page.answer('/api/auth/mfa/enable', errorEnvelope('VALIDATION_ERROR'), 400);
    expect(page.byTestId('mfa-error')?.textContent?.trim()).toBe(WRONG_CODE_MESSAGE);

    page.type('mfa-enable-code', '123456');
    await page.click('mfa-enable');
    await page.answer('/api/auth/mfa/enable', {
      success: true,
      data: { recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] },
    });
    expect(page.byTestId('recovery-codes')?.textContent).toContain('aaaa-bbbb');

    await page.click('recovery-codes-saved');
    expect(page.byTestId('recovery-codes')).toBeNull();
    expect(page.byTestId('mfa-status')?.textContent).toContain('on');
  });

  it('turns MFA off with the password and a code', async () => {
    const page = await openProfile(true);
    page.type('mfa-disable-password', 'poscalls4u-demo');
    page.type('mfa-disable-code', '123 456');
    await page.click('mfa-disable');
    const request = page.http.expectOne('/api/auth/mfa/disable');
    expect(request.request.body).toEqual({ password: 'poscalls4u-demo', code: '123456' });
    request.flush({ success: true, data: {} });
    await page.fixture.whenStable();
    expect(page.byTestId('mfa-status')?.textContent).toContain('off');
  });
});
