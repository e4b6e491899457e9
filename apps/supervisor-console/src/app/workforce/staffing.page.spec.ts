import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { StaffingView } from '@poscalls4u/contracts';

import { StaffingPage } from './staffing.page';

const ANSWER: StaffingView = {
  model: 'erlang-c',
  trafficErlangs: 10,
  agents: 14,
  scheduledAgents: 14,
  serviceLevel: 0.88835,
  asaSeconds: 7.84,
  probabilityOfWaiting: 0.174132,
  occupancy: 0.714286,
  table: [],
};

describe('StaffingPage', () => {
  let fixture: ComponentFixture<StaffingPage>;
  let http: HttpTestingController;

  const element = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => element().querySelector(`[data-testid="${id}"]`);

  async function type(field: string, value: string): Promise<void> {
    const input = byTestId(`staffing-${field}`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function calculate(): Promise<void> {
    (byTestId('staffing-calculate') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StaffingPage);
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('sends the percentages as shares and leaves empty optional fields out', async () => {
    await type('shrinkage', '30');
    await calculate();
    const request = http.expectOne('/api/workforce/staffing');
    expect(request.request.body).toEqual({
      callsPerInterval: 100,
      intervalMinutes: 30,
      ahtSeconds: 180,
      serviceLevelTarget: 0.8,
      targetAnswerSeconds: 20,
      shrinkage: 0.3,
    });
    request.flush({ success: true, data: { staffing: ANSWER } });
    await fixture.whenStable();
    expect(byTestId('staffing-agents')?.textContent?.trim()).toBe('14');
  });

  it("shows the API's refusal at its field, in the page's percent terms", async () => {
    await type('serviceLevelTarget', '100');
    await calculate();
    http.expectOne('/api/workforce/staffing').flush(
      {
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: 'A service level of 100 % needs infinitely many agents.',
          details: [{ field: 'serviceLevelTarget', messages: ['must be below 1'] }],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(byTestId('staffing-error-serviceLevelTarget')?.textContent).toContain('below 100 %');
    expect(byTestId('staffing-error')).toBeNull();
    expect(byTestId('staffing-answer')).toBeNull();
  });
});
