import { Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';

import { AuthActions, selectUser } from '@poscalls4u/web-auth';
import { AppShellComponent } from '@poscalls4u/web-ui';

@Component({
  selector: 'pc-root',
  imports: [RouterOutlet, AppShellComponent],
  template: `
    <pc-app-shell appTitle="Agent" [user]="user()" (signOut)="signOut()">
      <router-outlet />
    </pc-app-shell>
  `,
})
export class App {
  private readonly store = inject(Store);

  protected readonly user = this.store.selectSignal(selectUser);

  protected signOut(): void {
    this.store.dispatch(AuthActions.signOut());
  }
}
