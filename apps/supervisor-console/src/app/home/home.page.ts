import { Component, inject } from '@angular/core';
import { Store } from '@ngrx/store';

import { selectUser } from '@poscalls4u/web-auth';
import { roleLabel } from '@poscalls4u/web-ui';

/** The supervisor's start page. The live dashboard lands here in a later issue. */
@Component({
  selector: 'pc-home-page',
  templateUrl: './home.page.html',
  styleUrl: './home.page.scss',
})
export class HomePage {
  protected readonly user = inject(Store).selectSignal(selectUser);
  protected readonly roleLabel = roleLabel;
}
