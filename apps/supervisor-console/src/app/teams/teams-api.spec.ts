import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { MemberCandidate, TeamsApi } from './teams-api';

describe('TeamsApi.candidates', () => {
  let api: TeamsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(TeamsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('searches every active user for an admin', () => {
    let found: MemberCandidate[] = [];
    api.candidates('amara', true).subscribe((candidates) => (found = candidates));
    const request = http.expectOne((r) => r.url === '/api/users');
    expect(request.request.params.get('search')).toBe('amara');
    expect(request.request.params.get('active')).toBe('true');
    request.flush({
      success: true,
      data: {
        items: [{ id: 'u1', name: 'Amara Okafor', email: 'agent1@poscalls4u.test' }],
        total: 1,
        page: 1,
        pageSize: 10,
      },
    });
    expect(found).toEqual([
      { userId: 'u1', name: 'Amara Okafor', email: 'agent1@poscalls4u.test' },
    ]);
  });

  it("offers a supervisor the people of their teams (GET /api/users is admins')", () => {
    let found: MemberCandidate[] = [];
    api.candidates('AMA', false).subscribe((candidates) => (found = candidates));
    http.expectNone((r) => r.url === '/api/users');
    http
      .expectOne((r) => r.url === '/api/presence')
      .flush({
        success: true,
        data: {
          items: [
            { userId: 'u1', name: 'Amara Okafor' },
            { userId: 'u2', name: 'Ben Carter' },
          ],
          total: 2,
          page: 1,
          pageSize: 100,
        },
      });
    expect(found).toEqual([{ userId: 'u1', name: 'Amara Okafor', email: null }]);
  });
});
