import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { AppShellComponent } from './app-shell';

describe('AppShellComponent', () => {
  let fixture: ComponentFixture<AppShellComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    fixture = TestBed.createComponent(AppShellComponent);
    fixture.componentRef.setInput('appTitle', 'Supervisor');
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  it('shows the brand and the console name, and no sign-out button when signed out', () => {
    expect(element.textContent).toContain('PosCalls4U');
    expect(element.textContent).toContain('Supervisor');
    expect(element.querySelector('[data-testid="sign-out"]')).toBeNull();
  });

  it('shows the user and emits signOut', async () => {
    fixture.componentRef.setInput('user', { name: 'Sam Supervisor', role: 'supervisor' });
    await fixture.whenStable();
    let signedOut = 0;
    fixture.componentInstance.signOut.subscribe(() => signedOut++);

    expect(element.querySelector('.pc-app-shell__name')?.textContent).toBe('Sam Supervisor');
    expect(element.querySelector('.pc-role-chip')?.textContent).toBe('Supervisor');
    element.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')?.click();
    expect(signedOut).toBe(1);
  });

  it('shows the navigation to signed-in people only', async () => {
    fixture.componentRef.setInput('nav', [{ label: 'Users', path: '/users', testId: 'nav-users' }]);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="nav-users"]')).toBeNull();

    fixture.componentRef.setInput('user', { name: 'Ada Admin', role: 'admin' });
    await fixture.whenStable();
    const link = element.querySelector<HTMLAnchorElement>('[data-testid="nav-users"]');
    expect(link?.textContent?.trim()).toBe('Users');
    expect(link?.getAttribute('href')).toBe('/users');
  });

  it('shows a count beside a link while above 0, and names it for screen readers', async () => {
    const chat = (badge: number) => [
      { label: 'Chat', path: '/chat', testId: 'nav-chat', badge, badgeLabel: 'unread' },
    ];
    fixture.componentRef.setInput('user', { name: 'Ada Admin', role: 'admin' });
    fixture.componentRef.setInput('nav', chat(0));
    await fixture.whenStable();
    const link = () => element.querySelector<HTMLAnchorElement>('[data-testid="nav-chat"]');
    const badge = () => element.querySelector('[data-testid="nav-chat-badge"]');
    expect(badge()).toBeNull();
    expect(link()?.getAttribute('aria-label')).toBeNull();

    fixture.componentRef.setInput('nav', chat(3));
    await fixture.whenStable();
    expect(badge()?.textContent?.trim()).toBe('3');
    expect(badge()?.getAttribute('aria-hidden')).toBe('true');
    expect(link()?.getAttribute('aria-label')).toBe('Chat, 3 unread');

    fixture.componentRef.setInput('nav', chat(250));
    await fixture.whenStable();
    expect(badge()?.textContent?.trim()).toBe('99+');
    expect(link()?.getAttribute('aria-label')).toBe('Chat, more than 99 unread');
  });

  it("holds the links' row while the session is restored, and gives it up to the links", async () => {
    fixture.componentRef.setInput('nav', [{ label: 'Users', path: '/users', testId: 'nav-users' }]);
    fixture.componentRef.setInput('restoring', true);
    await fixture.whenStable();
    const placeholder = element.querySelector('[data-testid="nav-placeholder"]');
    expect(placeholder?.classList).toContain('pc-app-shell__nav');
    expect(placeholder?.getAttribute('aria-hidden')).toBe('true');

    fixture.componentRef.setInput('user', { name: 'Ada Admin', role: 'admin' });
    fixture.componentRef.setInput('restoring', false);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="nav-placeholder"]')).toBeNull();
    expect(element.querySelector('[data-testid="nav-users"]')).not.toBeNull();
  });

  it('shows no placeholder on a signed-out page', () => {
    expect(element.querySelector('[data-testid="nav-placeholder"]')).toBeNull();
  });
});
