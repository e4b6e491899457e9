import {
  Component,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** The second sign-in step: a 6-digit code from the authenticator app, or a recovery code. */
@Component({
  selector: 'pc-mfa-step',
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
  ],
  template: `
    <mat-card class="pc-mfa" appearance="outlined">
      <mat-card-header>
        <mat-card-title><h1 class="pc-mfa__title">Two-step verification</h1></mat-card-title>
        <mat-card-subtitle>{{ appTitle() }}</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        <div role="alert" aria-atomic="true">
          @if (error(); as message) {
            <p class="pc-message pc-message--error" data-testid="auth-error">{{ message }}</p>
          }
        </div>
        <p id="mfa-help">
          @if (recovery()) {
            Enter one of the recovery codes you saved when you set up two-step verification. Each
            code works once.
          } @else {
            Enter the 6-digit code from your authenticator app.
          }
        </p>
        <form class="pc-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>{{ recovery() ? 'Recovery code' : 'Authentication code' }}</mat-label>
            <input
              matInput
              formControlName="code"
              aria-describedby="mfa-help"
              #codeInput
              data-testid="mfa-code"
              [attr.inputmode]="recovery() ? 'text' : 'numeric'"
              [attr.autocomplete]="recovery() ? 'off' : 'one-time-code'"
              [attr.maxlength]="recovery() ? 64 : 6"
              required
            />
            @if (form.controls.code.hasError('required')) {
              <mat-error>Enter the code.</mat-error>
            } @else if (form.controls.code.hasError('pattern')) {
              <mat-error>The code is 6 digits.</mat-error>
            }
          </mat-form-field>
          <button
            mat-flat-button
            type="submit"
            data-testid="mfa-submit"
            [disabled]="pending()"
            [attr.aria-busy]="pending()"
          >
            {{ pending() ? 'Checking…' : 'Verify' }}
          </button>
        </form>
        <div class="pc-links">
          <button mat-button type="button" data-testid="mfa-toggle-recovery" (click)="toggle()">
            {{ recovery() ? 'Use an authenticator code' : 'Use a recovery code' }}
          </button>
          <button mat-button type="button" data-testid="mfa-cancel" (click)="cancelled.emit()">
            Start over
          </button>
        </div>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
      width: 100%;
      max-width: 26rem;
    }
    .pc-mfa {
      padding: 1.5rem 1rem 1rem;
    }
    .pc-mfa__title {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
  `,
})
export class MfaStepComponent {
  readonly appTitle = input.required<string>();
  readonly pending = input(false);
  readonly error = input<string | null>(null);
  readonly submitted = output<string>();
  readonly cancelled = output<void>();

  protected readonly recovery = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    code: ['', [Validators.required, Validators.pattern(/^\s*\d{6}\s*$/)]],
  });

  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');

  constructor() {
    // Keyboard and screen-reader users land on the field the step asks for.
    afterNextRender(() => this.codeInput()?.nativeElement.focus());
    effect(() => {
      if (this.pending()) {
        this.form.disable({ emitEvent: false });
      } else {
        this.form.enable({ emitEvent: false });
      }
    });
  }

  protected toggle(): void {
    this.recovery.update((value) => !value);
    const control = this.form.controls.code;
    control.setValidators(
      this.recovery()
        ? [Validators.required]
        : [Validators.required, Validators.pattern(/^\s*\d{6}\s*$/)],
    );
    control.setValue('');
    control.markAsUntouched();
    this.codeInput()?.nativeElement.focus();
  }

  protected submit(): void {
    if (this.pending()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitted.emit(this.form.getRawValue().code.replace(/\s+/g, ''));
  }
}
