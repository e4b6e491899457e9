import { Injectable } from '@angular/core';
import { Subject } from 'rxjs';

/**
 * Commands that reach a form rather than the store: the wrap-up shortcut asks the wrap-up form
 * (which holds the disposition and notes) to submit itself.
 */
@Injectable({ providedIn: 'root' })
export class CallCommands {
  readonly wrapUpRequested = new Subject<void>();
}
