import { ComponentFixture, TestBed } from '@angular/core/testing';

import { AppShellComponent } from './app-shell';

describe('AppShellComponent', () => {
  let fixture: ComponentFixture<AppShellComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
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
});
