import { ComponentFixture, TestBed } from '@angular/core/testing';

import { LoginRequest } from '@poscalls4u/contracts';

import { SignInCardComponent } from './sign-in-card';

describe('SignInCardComponent', () => {
  let fixture: ComponentFixture<SignInCardComponent>;
  let element: HTMLElement;
  let submitted: LoginRequest[];

  const query = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  function type(testId: string, value: string): void {
    const input = query(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  beforeEach(async () => {
    fixture = TestBed.createComponent(SignInCardComponent);
    fixture.componentRef.setInput('appTitle', 'Agent console');
    submitted = [];
    fixture.componentInstance.submitted.subscribe((request) => submitted.push(request));
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  it('labels both fields', () => {
    const labels = Array.from(element.querySelectorAll('mat-label')).map((label) =>
      label.textContent?.trim(),
    );
    expect(labels).toEqual(['Email', 'Password']);
  });

  it('shows validation messages instead of submitting an empty form', async () => {
    query('sign-in')?.click();
    await fixture.whenStable();

    expect(submitted).toEqual([]);
    expect(element.textContent).toContain('Enter your email address.');
    expect(element.textContent).toContain('Enter your password.');
  });

  it('asks for a valid email address', async () => {
    type('email', 'not-an-email');
    type('password', 'secret');
    query('sign-in')?.click();
    await fixture.whenStable();

    expect(submitted).toEqual([]);
    expect(element.textContent).toContain('Enter a valid email address');
  });

  it('emits the trimmed email and the password', async () => {
    type('email', ' agent1@poscalls4u.test ');
    type('password', 'poscalls4u-demo');
    query('sign-in')?.click();
    await fixture.whenStable();

    expect(submitted).toEqual([{ email: 'agent1@poscalls4u.test', password: 'poscalls4u-demo' }]);
  });

  it('shows the error in a live region', async () => {
    expect(query('auth-error')).toBeNull();

    fixture.componentRef.setInput('error', 'Wrong email or password.');
    await fixture.whenStable();

    const banner = query('auth-error');
    expect(banner?.textContent?.trim()).toBe('Wrong email or password.');
    expect(banner?.closest('[role="alert"]')).not.toBeNull();
  });

  it('disables the button and shows progress while pending', async () => {
    fixture.componentRef.setInput('pending', true);
    await fixture.whenStable();

    const button = query('sign-in') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toContain('Signing in');
  });
});
