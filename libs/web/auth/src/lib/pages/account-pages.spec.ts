import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import { PROVIDERS_ANSWER, createPage, errorEnvelope } from '../../testing/page-harness';
import { TokenStorage } from '../token-storage';
import { ForgotPasswordPage } from './forgot-password.page';
import { OAUTH_MISSING_CODE_MESSAGE, OAuthCallbackPage } from './oauth-callback.page';
import { INVALID_RESET_LINK_MESSAGE, ResetPasswordPage } from './reset-password.page';
import { SignUpPage } from './sign-up.page';
import { INVALID_LINK_MESSAGE, VerifyEmailPage } from './verify-email.page';

describe('SignUpPage', () => {
  it('recommends 15+ characters, hints at strength, and registers', async () => {
    const page = await createPage(SignUpPage);
    await page.answer('/api/auth/providers', {
      ...PROVIDERS_ANSWER,
      data: { ...PROVIDERS_ANSWER.data, passwordMinLength: 10 },
    });
    expect(page.element.textContent).toContain('At least 10 characters; we recommend 15 or more');

    page.type('name', 'New Agent');
    page.type('email', ' new.agent@poscalls4u.test ');
    page.type('password', 'short');
    await page.fixture.whenStable();
    expect(page.byTestId('password-strength')?.getAttribute('data-level')).toBe('too-short');

    await page.click('sign-up');
    page.http.expectNone('/api/auth/register');
    expect(page.element.textContent).toContain('Use at least 10 characters.');

    page.type('password', 'a long passphrase of words');
    await page.fixture.whenStable();
    expect(page.byTestId('password-strength')?.getAttribute('data-level')).toBe('strong');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate');
    await page.click('sign-up');
    const request = page.http.expectOne('/api/auth/register');
    expect(request.request.body).toEqual({
      name: 'New Agent',
      email: 'new.agent@poscalls4u.test',
      password: 'a long passphrase of words',
    });
    request.flush(
      { success: true, data: { message: 'Check your email.' } },
      { status: 201, statusText: 'x' },
    );
    await page.fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/check-email'], {
      queryParams: { email: 'new.agent@poscalls4u.test' },
    });
  });

  it('shows the validation problems the API lists', async () => {
    const page = await createPage(SignUpPage);
    await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
    page.type('name', 'New Agent');
    page.type('email', 'new@poscalls4u.test');
    page.type('password', 'password1234');
    await page.click('sign-up');
    await page.answer(
      '/api/auth/register',
      errorEnvelope('VALIDATION_ERROR', 'Invalid', {
        details: [{ field: 'password', messages: ['This password is too common.'] }],
      }),
      400,
    );
    expect(page.byTestId('form-error')?.textContent?.trim()).toBe('This password is too common.');
  });
});

describe('VerifyEmailPage', () => {
  it('verifies the token from the link', async () => {
    const page = await createPage(VerifyEmailPage, { query: { token: 'tok-1' } });
    const request = page.http.expectOne('/api/auth/verify-email');
    expect(request.request.body).toEqual({ token: 'tok-1' });
    request.flush({ success: true, data: { message: 'ok' } });
    await page.fixture.whenStable();
    expect(page.byTestId('email-verified')).not.toBeNull();
  });

  it('explains a used or expired link and offers a new one', async () => {
    const page = await createPage(VerifyEmailPage, { query: { token: 'used' } });
    await page.answer('/api/auth/verify-email', errorEnvelope('UNAUTHORIZED'), 401);
    expect(page.byTestId('verify-error')?.textContent?.trim()).toBe(INVALID_LINK_MESSAGE);
    // A 401 here is about the link: no refresh, no sign-out.
    page.http.expectNone('/api/auth/refresh');
  });
});

describe('ForgotPasswordPage', () => {
  it('always answers the same', async () => {
    const page = await createPage(ForgotPasswordPage);
    page.type('email', 'someone@poscalls4u.test');
    await page.click('send-reset-link');
    await page.answer('/api/auth/forgot-password', { success: true, data: { message: 'ok' } });
    expect(page.byTestId('reset-sent')?.textContent).toContain('If an account uses that address');
  });
});

describe('ResetPasswordPage', () => {
  it('sets a new password from the link', async () => {
    const page = await createPage(ResetPasswordPage, { query: { token: 'reset-1' } });
    await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
    page.type('new-password', 'a brand new passphrase');
    page.type('confirm-password', 'a different passphrase');
    await page.click('reset-password');
    page.http.expectNone('/api/auth/reset-password');
    expect(page.element.textContent).toContain('The two passwords differ.');

    page.type('confirm-password', 'a brand new passphrase');
    await page.click('reset-password');
    const request = page.http.expectOne('/api/auth/reset-password');
    expect(request.request.body).toEqual({ token: 'reset-1', password: 'a brand new passphrase' });
    request.flush({ success: true, data: { message: 'ok' } });
    await page.fixture.whenStable();
    expect(page.byTestId('password-reset-done')?.textContent).toContain('every device');
  });

  it('welcomes an invitee and explains a dead link', async () => {
    const page = await createPage(ResetPasswordPage, { query: { token: 'inv', invite: '1' } });
    await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
    expect(page.element.textContent).toContain('Welcome to PosCalls4U');
    page.type('new-password', 'a brand new passphrase');
    page.type('confirm-password', 'a brand new passphrase');
    await page.click('reset-password');
    await page.answer('/api/auth/reset-password', errorEnvelope('UNAUTHORIZED'), 401);
    expect(page.byTestId('form-error')?.textContent?.trim()).toBe(INVALID_RESET_LINK_MESSAGE);
  });

  it('says so when the link has no token', async () => {
    const page = await createPage(ResetPasswordPage);
    await page.answer('/api/auth/providers', PROVIDERS_ANSWER);
    expect(page.byTestId('form-error')?.textContent?.trim()).toBe(INVALID_RESET_LINK_MESSAGE);
    expect(page.byTestId('new-password')).toBeNull();
  });
});

describe('OAuthCallbackPage', () => {
  it('exchanges the one-time code for a session', async () => {
    const page = await createPage(OAuthCallbackPage, { query: { code: 'one-time' } });
    const request = page.http.expectOne('/api/auth/oauth/exchange');
    expect(request.request.body).toEqual({ code: 'one-time' });
    expect(request.request.headers.get('X-PosCalls-Client')).toBe('console');
    request.flush({
      success: true,
      data: {
        token: 'jwt-google',
        expiresIn: 900,
        sessionId: 's',
        user: {
          id: 'u',
          name: 'G',
          email: 'g@poscalls4u.test',
          role: 'agent',
          emailVerified: true,
          isActive: true,
          avatarUrl: null,
          createdAt: '2026-11-25T08:00:00.000Z',
          lastLoginAt: null,
        },
      },
    });
    await page.fixture.whenStable();
    expect(TestBed.inject(TokenStorage).read()).toBe('jwt-google');
  });

  it('shows the error the provider flow came back with, or a missing code', async () => {
    const failed = await createPage(OAuthCallbackPage, { query: { error: 'Access denied' } });
    expect(failed.byTestId('auth-error')?.textContent).toContain('Access denied');
    TestBed.resetTestingModule();
    const empty = await createPage(OAuthCallbackPage);
    expect(empty.byTestId('auth-error')?.textContent?.trim()).toBe(OAUTH_MISSING_CODE_MESSAGE);
  });
});
