import { HttpClient, HttpParams, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { Page } from '@poscalls4u/contracts';

import { getAllPages } from './all-pages';

const URL = '/api/teams';

function page(items: string[], pageNumber: number, total: number): object {
  const answer: Page<string> = { items, total, page: pageNumber, pageSize: 100 };
  return { success: true, data: answer };
}

describe('getAllPages', () => {
  let http: HttpClient;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  const expectPage = (pageNumber: number) =>
    controller.expectOne(
      (request) =>
        request.url === URL &&
        request.params.get('page') === String(pageNumber) &&
        request.params.get('pageSize') === '100',
    );

  it('reads one page when it holds the whole list', () => {
    const received: string[][] = [];
    getAllPages<string>(http, URL).subscribe((items) => received.push(items));

    expectPage(1).flush(page(['a', 'b'], 1, 2));

    expect(received).toEqual([['a', 'b']]);
  });

  it('requests the next page until the total is reached, in order', () => {
    const received: string[][] = [];
    getAllPages<string>(http, URL).subscribe((items) => received.push(items));

    const first = Array.from({ length: 100 }, (_, index) => `t${String(index)}`);
    expectPage(1).flush(page(first, 1, 101));
    expect(received).toEqual([]);
    expectPage(2).flush(page(['last'], 2, 101));

    expect(received).toEqual([[...first, 'last']]);
  });

  it('stops at an empty page even when the total promised more', () => {
    const received: string[][] = [];
    getAllPages<string>(http, URL).subscribe((items) => received.push(items));

    expectPage(1).flush(page([], 1, 3));

    expect(received).toEqual([[]]);
  });

  it('keeps its own query parameters on every page', () => {
    getAllPages<string>(http, URL, new HttpParams().set('teamId', 'team-1')).subscribe();

    const request = expectPage(1);
    expect(request.request.params.get('teamId')).toBe('team-1');
    request.flush(page(['a'], 1, 1));
  });

  it('fails with the error of the page that failed', () => {
    let failed: unknown;
    getAllPages<string>(http, URL).subscribe({ error: (error: unknown) => (failed = error) });

    expectPage(1).flush(page(Array.from({ length: 100 }, String), 1, 150));
    expectPage(2).flush(null, { status: 503, statusText: 'Unavailable' });

    expect(failed).toMatchObject({ status: 503 });
  });
});
