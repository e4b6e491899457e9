import { Type } from '@angular/core';

/**
 * The sign-in page's code (its form, Material's form fields, the MFA step), in a chunk of its own:
 * a signed-in visit never downloads or runs it. The `sign-in` route loads it, and `provideAuth`
 * starts the download at start-up when nobody is signed in in this browser, beside the console's
 * start rather than after it. Both ask for the same module, so it is fetched once.
 */
export function loadSignInPage(): Promise<Type<unknown>> {
  return import('./sign-in.page').then((m) => m.SignInPage);
}
