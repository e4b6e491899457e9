import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideMockStore } from '@ngrx/store/testing';

import { SettingsPage, matchTimeZones } from './settings.page';

describe('SettingsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SettingsPage>;

  const byTestId = (id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const type = (id: string, value: string) => {
    const field = byTestId(id) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore({
          initialState: {
            auth: {
              status: 'signed-in',
              user: { id: 'me', role: 'admin', name: 'Ada Admin' },
              error: null,
              mfa: null,
            },
          },
        }),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsPage);
    await fixture.whenStable();
    http
      .expectOne((request) => request.url === '/api/teams')
      .flush({
        success: true,
        data: {
          items: [{ id: 't1', name: 'Support' }],
          total: 1,
          page: 1,
          pageSize: 100,
        },
      });
    http.expectOne('/api/settings/organization').flush({
      success: true,
      data: { settings: { timeZone: 'Europe/Paris', shortAbandonSeconds: 5 } },
    });
    await fixture.whenStable();
    http.expectOne('/api/teams/t1/alert-thresholds').flush({
      success: true,
      data: {
        thresholds: {
          serviceLevelBelowPercent: null,
          callWaitingLongerThanSeconds: 60,
          agentOnBreakLongerThanMinutes: null,
        },
      },
    });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('says why a threshold of -5 is refused, next to it', async () => {
    type('threshold-service-level', '-5');
    await fixture.whenStable();
    expect((byTestId('thresholds-save') as HTMLButtonElement).disabled).toBe(false);
    byTestId('thresholds-save')?.click();
    await fixture.whenStable();

    expect(byTestId('serviceLevelBelowPercent-error')?.textContent?.trim()).toBe(
      'A whole percent from 1 to 100, or empty.',
    );
    expect(byTestId('settings-message')?.textContent?.trim()).toBe('Correct the marked fields.');
  });

  it("shows the API's words about an unknown time zone at the field", async () => {
    type('org-time-zone', 'Mars/Olympus');
    byTestId('org-save')?.click();
    await fixture.whenStable();
    http.expectOne('/api/settings/organization').flush(
      {
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: 'The request is invalid.',
          details: [
            {
              field: 'timeZone',
              messages: ['timeZone must be an IANA time zone such as Europe/Paris'],
            },
          ],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    const reason = 'timeZone must be an IANA time zone such as Europe/Paris';
    expect(byTestId('timeZone-error')?.textContent?.trim()).toBe(reason);
    expect(byTestId('settings-message')?.textContent?.trim()).toBe(reason);
  });

  it('suggests the time zones matching what is typed, in a list to pick from', async () => {
    const input = byTestId('org-time-zone') as HTMLInputElement;
    input.focus();
    type('org-time-zone', 'new york');
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll('mat-option')).map((option) =>
      option.textContent?.trim(),
    );
    expect(options).toContain('America/New_York');
    expect(options.every((option) => option?.toLowerCase().includes('new'))).toBe(true);
  });
});

describe('time zone suggestions', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Europe/Paris', 'UTC'];

  it("puts the browser's zone first and matches any part, spaces as underscores", () => {
    expect(matchTimeZones('', zones, 'Europe/Paris')).toEqual([
      'Europe/Paris',
      'America/New_York',
      'Europe/Berlin',
      'UTC',
    ]);
    expect(matchTimeZones('new york', zones, 'Europe/Paris')).toEqual(['America/New_York']);
    expect(matchTimeZones('EUROPE', zones, 'Europe/Paris', 1)).toEqual(['Europe/Paris']);
  });
});
