import { Component, input } from '@angular/core';

/**
 * The PosCalls4U mark and wordmark. The mark is inline SVG so the consoles need no image request
 * and no icon font; it is decorative, the wordmark text carries the name.
 */
@Component({
  selector: 'pc-logo',
  template: `
    <svg
      class="pc-logo__mark"
      viewBox="0 0 32 32"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M11.2 8.5c.6-.6 1.6-.6 2.1.1l2 2.6c.5.6.4 1.5-.2 2l-1.3 1.1c.9 1.8 2.3 3.3 4.1 4.1l1.1-1.3c.5-.6 1.4-.7 2-.2l2.6 2c.7.5.7 1.5.1 2.1l-1.4 1.4c-1 1-2.5 1.3-3.8.8-4.5-1.7-8-5.2-9.7-9.7-.5-1.3-.2-2.8.8-3.8z"
        fill="var(--mat-sys-on-primary)"
      />
    </svg>
    @if (showWordmark()) {
      <span class="pc-logo__wordmark">Pos<strong>Calls4U</strong></span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      color: var(--mat-sys-primary);
    }
    .pc-logo__wordmark {
      font: var(--mat-sys-title-large);
      letter-spacing: -0.01em;
      color: var(--mat-sys-on-surface);
    }
    .pc-logo__wordmark strong {
      color: var(--mat-sys-primary);
      font-weight: 700;
    }
    /* A phone's header has room for the mark only (and one row of controls beside it); the
       name stays for screen readers. */
    @media (max-width: 600px) {
      .pc-logo__wordmark {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    }
  `,
})
export class LogoComponent {
  readonly showWordmark = input(true);
}
