import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { FormFieldComponent, FormFieldErrors, firstErrorMessage } from './form-field';

@Component({
  imports: [ReactiveFormsModule, FormFieldComponent],
  template: `
    <form [formGroup]="form" (ngSubmit)="form.markAllAsTouched()" novalidate>
      <pc-form-field
        label="Password"
        type="password"
        autocomplete="new-password"
        testId="password"
        describedBy="strength"
        [control]="form.controls.password"
        required
        [hint]="hint()"
        [errors]="errors()"
      />
      <p id="strength">Strong</p>
      <button type="submit" data-testid="submit">Save</button>
    </form>
  `,
})
class HostComponent {
  readonly form = new FormBuilder().nonNullable.group({
    password: ['', [Validators.required, Validators.minLength(8)]],
  });
  readonly hint = signal<string | null>('At least 8 characters.');
  readonly errors = signal<FormFieldErrors>({
    required: 'Choose a password.',
    minlength: 'Use at least 8 characters.',
  });
}

describe('FormFieldComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let element: HTMLElement;

  const input = () => element.querySelector<HTMLInputElement>('[data-testid="password"]');
  const error = () => element.querySelector('mat-error')?.textContent?.trim() ?? null;

  async function type(value: string): Promise<void> {
    const field = input() as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    element.querySelector<HTMLButtonElement>('[data-testid="submit"]')?.click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    fixture = TestBed.createComponent(HostComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  it('renders a labelled input with the attributes passed through', () => {
    const field = input() as HTMLInputElement;
    const label = element.querySelector('label');

    expect(label?.textContent).toContain('Password');
    expect(label?.getAttribute('for')).toBe(field.id);
    expect(field.type).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('new-password');
    expect(field.required).toBe(true);
    expect(field.getAttribute('aria-required')).toBe('true');
    expect(field.hasAttribute('inputmode')).toBe(false);
  });

  it('describes the input with the hint and the ids passed in', () => {
    const hint = element.querySelector('mat-hint') as HTMLElement;
    const describedBy = input()?.getAttribute('aria-describedby')?.split(' ');

    expect(hint.textContent?.trim()).toBe('At least 8 characters.');
    expect(describedBy).toEqual(expect.arrayContaining([hint.id, 'strength']));
  });

  it('shows no error before the person has touched the field', () => {
    expect(error()).toBeNull();
    expect(element.querySelector('mat-hint')).not.toBeNull();
  });

  it('shows the first failing message after a submit, and describes the input with it', async () => {
    await submit();

    expect(error()).toBe('Choose a password.');
    const errorId = element.querySelector('mat-error')?.id;
    expect(input()?.getAttribute('aria-describedby')?.split(' ')).toContain(errorId);
  });

  it('follows the control as the value changes', async () => {
    await type('short');
    expect(error()).toBe('Use at least 8 characters.');
    expect(input()?.getAttribute('aria-invalid')).toBe('true');

    await type('long enough now');
    expect(error()).toBeNull();
    expect(input()?.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows errors set on the control from outside, e.g. from the server', async () => {
    fixture.componentInstance.errors.set({ taken: 'This address is taken.' });
    const control = fixture.componentInstance.form.controls.password;
    control.setValue('long enough now');
    control.setErrors({ taken: true });
    control.markAsTouched();
    await fixture.whenStable();

    expect(error()).toBe('This address is taken.');
  });

  it('leaves out the hint when there is none', async () => {
    fixture.componentInstance.hint.set(null);
    await fixture.whenStable();

    expect(element.querySelector('mat-hint')).toBeNull();
  });
});

describe('firstErrorMessage', () => {
  const messages = { required: 'Enter it.', email: 'Enter a valid one.' };

  it('picks the first message, in the order written, whose error the control has', () => {
    expect(firstErrorMessage({ email: true, required: true }, messages)).toBe('Enter it.');
    expect(firstErrorMessage({ email: true }, messages)).toBe('Enter a valid one.');
  });

  it('is null without errors or without a message for them', () => {
    expect(firstErrorMessage(null, messages)).toBeNull();
    expect(firstErrorMessage({ pattern: true }, messages)).toBeNull();
  });
});
