import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialogRef } from '@angular/material/dialog';

import { INVITE_CONFLICT_MESSAGE, InviteDialogComponent } from './invite-dialog';

describe('InviteDialogComponent', () => {
  let close: jest.Mock;
  let http: HttpTestingController;

  async function open() {
    close = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(InviteDialogComponent);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = (id: string, value: string) => {
      const input = element.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      element.querySelector<HTMLElement>('[data-testid="invite-submit"]')?.click();
      await fixture.whenStable();
    };
    return { fixture, element, type, submit };
  }

  afterEach(() => http.verify());

  it('validates, invites as an agent by default and closes with the email', async () => {
    const dialog = await open();
    await dialog.submit();
    http.expectNone('/api/users/invite');
    expect(dialog.element.textContent).toContain("Enter the person's name.");

    dialog.type('invite-name', ' Ivy Invited ');
    dialog.type('invite-email', 'ivy@poscalls4u.test');
    await dialog.submit();
    const request = http.expectOne('/api/users/invite');
    expect(request.request.body).toEqual({
      name: 'Ivy Invited',
      email: 'ivy@poscalls4u.test',
      role: 'agent',
    });
    request.flush({ success: true, data: { user: {} } }, { status: 201, statusText: 'x' });
    await dialog.fixture.whenStable();
    expect(close).toHaveBeenCalledWith('ivy@poscalls4u.test');
  });

  it('explains an email that already has an account', async () => {
    const dialog = await open();
    dialog.type('invite-name', 'Ivy');
    dialog.type('invite-email', 'agent1@poscalls4u.test');
    await dialog.submit();
    http
      .expectOne('/api/users/invite')
      .flush(
        { success: false, error: { code: 'CONFLICT', message: 'x' } },
        { status: 409, statusText: 'x' },
      );
    await dialog.fixture.whenStable();
    expect(dialog.element.querySelector('[data-testid="invite-error"]')?.textContent?.trim()).toBe(
      INVITE_CONFLICT_MESSAGE,
    );
    expect(close).not.toHaveBeenCalled();
  });
});
