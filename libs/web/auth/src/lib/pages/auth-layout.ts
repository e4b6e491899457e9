import { Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** The centred card every signed-out page (sign-up, reset password, ...) sits in. */
@Component({
  selector: 'pc-auth-layout',
  imports: [MatCardModule],
  template: `
    <mat-card class="pc-auth-layout" appearance="outlined">
      <mat-card-header class="pc-auth-layout__header">
        <mat-card-title>
          <h1 class="pc-auth-layout__title">{{ heading() }}</h1>
        </mat-card-title>
        @if (subtitle()) {
          <mat-card-subtitle>{{ subtitle() }}</mat-card-subtitle>
        }
      </mat-card-header>
      <mat-card-content>
        <ng-content />
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: flex;
      justify-content: center;
      padding: 10vh 1rem 2rem;
    }
    .pc-auth-layout {
      width: 100%;
      max-width: 28rem;
      padding: 1.5rem 1rem 1rem;
    }
    .pc-auth-layout__header {
      margin-bottom: 1rem;
    }
    .pc-auth-layout__title {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
  `,
})
export class AuthLayoutComponent {
  readonly heading = input.required<string>();
  readonly subtitle = input<string | null>(null);
}
