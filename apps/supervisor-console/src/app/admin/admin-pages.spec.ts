import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSelect, MatSelectChange } from '@angular/material/select';
import { By } from '@angular/platform-browser';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { provideMockStore } from '@ngrx/store/testing';

import { AdminUserView, AuditEventView, Page } from '@poscalls4u/contracts';

import { AuditPage, auditActionLabel, dayBoundary } from './audit.page';
import { SecurityPage } from './security.page';
import { UsersPage, accountStatus, isLocked } from './users.page';

function aUser(overrides: Partial<AdminUserView> = {}): AdminUserView {
  return {
    id: 'u-agent',
    name: 'Alex Agent',
    email: 'agent1@poscalls4u.test',
    role: 'agent',
    emailVerified: true,
    isActive: true,
    avatarUrl: null,
    createdAt: '2026-11-25T08:00:00.000Z',
    lastLoginAt: null,
    mfaEnabled: false,
    lockedUntil: null,
    failedLoginCount: 0,
    invitationPending: false,
    ...overrides,
  };
}

const page = <T>(items: T[], total = items.length): { success: true; data: Page<T> } => ({
  success: true,
  data: { items, total, page: 1, pageSize: 20 },
});

describe('admin pages', () => {
  let http: HttpTestingController;

  async function open<T>(component: Type<T>): Promise<ComponentFixture<T>> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // Dialogs close at once, so a test reads the answer without waiting out an animation.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        provideMockStore({
          initialState: {
            auth: {
              status: 'signed-in',
              user: { ...aUser({ id: 'me', role: 'admin', name: 'Ada Admin' }) },
              error: null,
              mfa: null,
            },
          },
        }),
        provideRouter([]),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { queryParamMap: convertToParamMap({}) } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(component);
    await fixture.whenStable();
    return fixture;
  }

  const byTestId = (fixture: ComponentFixture<unknown>, id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const allByTestId = (fixture: ComponentFixture<unknown>, id: string) =>
    Array.from((fixture.nativeElement as HTMLElement).querySelectorAll(`[data-testid="${id}"]`));

  afterEach(() => http.verify());

  describe('UsersPage', () => {
    it('lists users with MFA and lock status, and filters by search', async () => {
      const fixture = await open(UsersPage);
      const first = http.expectOne((request) => request.url === '/api/users');
      expect(first.request.params.get('page')).toBe('1');
      expect(first.request.params.get('pageSize')).toBe('20');
      expect(first.request.params.has('search')).toBe(false);
      first.flush(
        page([
          aUser({ mfaEnabled: true }),
          aUser({
            id: 'u-locked',
            name: 'Lou Locked',
            lockedUntil: new Date(Date.now() + 600_000).toISOString(),
          }),
          aUser({ id: 'me', role: 'admin', name: 'Ada Admin' }),
        ]),
      );
      await fixture.whenStable();

      expect(allByTestId(fixture, 'user-row')).toHaveLength(3);
      expect(allByTestId(fixture, 'user-row-mfa').map((cell) => cell.textContent?.trim())).toEqual([
        'On',
        'Off',
        'Off',
      ]);
      expect(allByTestId(fixture, 'unlock-user')).toHaveLength(1);
      // No deactivating yourself.
      expect(allByTestId(fixture, 'toggle-active')).toHaveLength(2);

      const search = byTestId(fixture, 'users-search') as HTMLInputElement;
      search.value = 'lou';
      search.dispatchEvent(new Event('input'));
      await new Promise((resolve) => setTimeout(resolve, 350));
      await fixture.whenStable();
      const filtered = http.expectOne((request) => request.url === '/api/users');
      expect(filtered.request.params.get('search')).toBe('lou');
      filtered.flush(page([]));
      await fixture.whenStable();
      expect((fixture.nativeElement as HTMLElement).textContent).toContain(
        'No users match these filters.',
      );
    });

    it('unlocks a locked user and reloads', async () => {
      const fixture = await open(UsersPage);
      http
        .expectOne((request) => request.url === '/api/users')
        .flush(
          page([
            aUser({ id: 'u-locked', name: 'Lou Locked', lockedUntil: '2999-01-01T00:00:00.000Z' }),
          ]),
        );
      await fixture.whenStable();

      byTestId(fixture, 'unlock-user')?.click();
      await fixture.whenStable();
      const unlock = http.expectOne('/api/users/u-locked/unlock');
      expect(unlock.request.method).toBe('POST');
      unlock.flush({ success: true, data: { user: aUser({ id: 'u-locked', lockedUntil: null }) } });
      await fixture.whenStable();
      http.expectOne((request) => request.url === '/api/users').flush(page([aUser()]));
      await fixture.whenStable();
      expect(byTestId(fixture, 'users-notice')?.textContent).toContain('Lou Locked is unlocked');
    });

    it('explains a failed change', async () => {
      const fixture = await open(UsersPage);
      http
        .expectOne((request) => request.url === '/api/users')
        .flush(page([aUser({ id: 'gone', lockedUntil: '2999-01-01T00:00:00.000Z' })]));
      await fixture.whenStable();
      byTestId(fixture, 'unlock-user')?.click();
      await fixture.whenStable();
      http
        .expectOne('/api/users/gone/unlock')
        .flush(
          { success: false, error: { code: 'NOT_FOUND', message: 'x' } },
          { status: 404, statusText: 'x' },
        );
      await fixture.whenStable();
      http.expectOne((request) => request.url === '/api/users').flush(page([]));
      await fixture.whenStable();
      expect(byTestId(fixture, 'users-error')?.textContent).toContain('no longer exists');
    });

    it('shows an invitation not accepted yet as "Invited", not "Active"', async () => {
      const fixture = await open(UsersPage);
      http
        .expectOne((request) => request.url === '/api/users')
        .flush(
          page([
            aUser({ id: 'u-invited', name: 'Ivy Invited', invitationPending: true }),
            aUser(),
            aUser({ id: 'u-off', isActive: false, invitationPending: true }),
          ]),
        );
      await fixture.whenStable();
      expect(
        allByTestId(fixture, 'user-row-status').map((cell) => cell.textContent?.trim()),
      ).toEqual(['Invited', 'Active', 'Deactivated']);
      expect(accountStatus(aUser({ invitationPending: true }))).toBe('Invited');
    });

    it('asks before changing a role, and puts the role back when cancelled', async () => {
      const fixture = await open(UsersPage);
      http.expectOne((request) => request.url === '/api/users').flush(page([aUser()]));
      await fixture.whenStable();
      const select = fixture.debugElement.query(By.css('[data-testid="user-role-select"]'))
        .componentInstance as MatSelect;
      const pick = async (value: string) => {
        select.selectionChange.emit(new MatSelectChange(select, value));
        await fixture.whenStable();
        await new Promise((resolve) => setTimeout(resolve, 0));
      };
      const clickInDialog = async (id: string) => {
        // The last one: a dialog closed before may still be leaving the page.
        Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`))
          .at(-1)
          ?.click();
        await fixture.whenStable();
        await new Promise((resolve) => setTimeout(resolve, 0));
      };

      await pick('supervisor');
      expect(document.body.textContent).toContain('Make Alex Agent supervisor?');
      await clickInDialog('confirm-cancel');
      http.expectNone('/api/users/u-agent');
      expect(select.value).toBe('agent');

      await pick('supervisor');
      await clickInDialog('confirm-ok');
      const change = http.expectOne('/api/users/u-agent');
      expect(change.request.method).toBe('PATCH');
      expect(change.request.body).toEqual({ role: 'supervisor' });
      change.flush({ success: true, data: { user: aUser({ role: 'supervisor' }) } });
      await fixture.whenStable();
      http.expectOne((request) => request.url === '/api/users').flush(page([]));
    });

    it('tells when a lock is over', () => {
      expect(isLocked(aUser({ lockedUntil: '2000-01-01T00:00:00.000Z' }))).toBe(false);
      expect(isLocked(aUser({ lockedUntil: '2999-01-01T00:00:00.000Z' }))).toBe(true);
      expect(isLocked(aUser())).toBe(false);
    });
  });

  describe('AuditPage', () => {
    const event: AuditEventView = {
      id: 'e1',
      occurredAt: '2026-11-25T08:00:00.000Z',
      action: 'auth.sign_in',
      outcome: 'failure',
      actor: null,
      target: null,
      email: 'nobody@poscalls4u.test',
      ip: '127.0.0.1',
      userAgent: 'x',
      details: null,
    };

    it('lists events and applies the filters', async () => {
      const fixture = await open(AuditPage);
      http.expectOne((request) => request.url === '/api/audit').flush(page([event]));
      await fixture.whenStable();
      expect(byTestId(fixture, 'audit-row-action')?.textContent?.trim()).toBe('Sign-in');
      expect((fixture.nativeElement as HTMLElement).textContent).toContain(
        'nobody@poscalls4u.test',
      );

      const user = byTestId(fixture, 'audit-user') as HTMLInputElement;
      user.value = 'u-agent';
      user.dispatchEvent(new Event('input'));
      const from = byTestId(fixture, 'audit-from') as HTMLInputElement;
      from.value = '2026-11-01';
      from.dispatchEvent(new Event('input'));
      byTestId(fixture, 'audit-apply')?.click();
      await fixture.whenStable();
      const filtered = http.expectOne((request) => request.url === '/api/audit');
      expect(filtered.request.params.get('userId')).toBe('u-agent');
      expect(filtered.request.params.get('from')).toBe(dayBoundary('2026-11-01', false));
      expect(filtered.request.params.has('to')).toBe(false);
      filtered.flush(page([]));
    });

    it('labels actions and day boundaries', () => {
      expect(auditActionLabel('users.role_changed')).toBe('Role changed');
      expect(auditActionLabel('future.action')).toBe('future.action');
      expect(dayBoundary('nope', false)).toBeUndefined();
      expect(new Date(dayBoundary('2026-11-25', true) ?? '').getDate()).toBe(25);
    });
  });

  describe('SecurityPage', () => {
    const clickInDialog = async (fixture: ComponentFixture<unknown>, id: string) => {
      Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`))
        .at(-1)
        ?.click();
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const impact = (callerHasMfa: boolean) => ({
      success: true,
      data: {
        impact: {
          users: [
            { id: 's1', name: 'Sam Rivera', email: 'supervisor1@x.test', role: 'supervisor' },
          ],
          total: 1,
          callerHasMfa,
        },
      },
    });

    async function openAndToggle() {
      const fixture = await open(SecurityPage);
      http
        .expectOne('/api/settings/security')
        .flush({ success: true, data: { settings: { requireMfaForPrivileged: false } } });
      await fixture.whenStable();
      const toggle = byTestId(fixture, 'require-mfa-toggle')?.querySelector('button');
      expect(toggle?.getAttribute('aria-checked')).toBe('false');
      toggle?.click();
      await fixture.whenStable();
      return { fixture, toggle };
    }

    it('says who will be affected and saves "Require MFA" only when confirmed', async () => {
      const { fixture, toggle } = await openAndToggle();
      http.expectOne('/api/settings/security/mfa-impact').flush(impact(true));
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(document.body.textContent).toContain('Require two-step verification?');
      expect(document.body.textContent).toContain(
        '1 supervisor or admin has not set up two-step verification',
      );
      expect(document.querySelector('[data-testid="confirm-items"]')?.textContent).toContain(
        'Sam Rivera (supervisor1@x.test, supervisor)',
      );
      await clickInDialog(fixture, 'confirm-cancel');
      http.expectNone('/api/settings/security');
      expect(toggle?.getAttribute('aria-checked')).toBe('false');

      toggle?.click();
      await fixture.whenStable();
      http.expectOne('/api/settings/security/mfa-impact').flush(impact(true));
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 0));
      await clickInDialog(fixture, 'confirm-ok');
      const save = http.expectOne('/api/settings/security');
      expect(save.request.method).toBe('PUT');
      expect(save.request.body).toEqual({ requireMfaForPrivileged: true });
      save.flush({ success: true, data: { settings: { requireMfaForPrivileged: true } } });
      await fixture.whenStable();
      expect(byTestId(fixture, 'security-notice')?.textContent).toContain('now need');
      expect(toggle?.getAttribute('aria-checked')).toBe('true');
    });

    it("shows the API's refusal to an admin without MFA, with the way to set it up", async () => {
      const { fixture, toggle } = await openAndToggle();
      http.expectOne('/api/settings/security/mfa-impact').flush(impact(false));
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(document.body.textContent).toContain('You have not set it up yourself');
      await clickInDialog(fixture, 'confirm-ok');
      http.expectOne('/api/settings/security').flush(
        {
          success: false,
          error: {
            code: 'CONFLICT',
            message:
              'Turn on two-step verification for your own account (Profile) before requiring it.',
          },
        },
        { status: 409, statusText: 'Conflict' },
      );
      await fixture.whenStable();
      expect(byTestId(fixture, 'security-error')?.textContent).toContain(
        'Turn on two-step verification for your own account',
      );
      expect(byTestId(fixture, 'security-set-up-mfa')).not.toBeNull();
      expect(toggle?.getAttribute('aria-checked')).toBe('false');
    });
  });
});
