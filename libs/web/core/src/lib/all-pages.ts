import { HttpClient, HttpParams } from '@angular/common/http';
import { EMPTY, Observable, expand, map, reduce } from 'rxjs';

import { MAX_PAGE_SIZE, Page, SuccessEnvelope } from '@poscalls4u/contracts';

/**
 * Every item of a paged list (`{ items, total, page, pageSize }`), for the screens that need a
 * whole list (all teams, all break reasons): pages of `MAX_PAGE_SIZE` requested one after the
 * other until `total` is reached. An empty page ends the walk too, so a list that shrinks while
 * it is read cannot loop.
 */
export function getAllPages<T>(
  http: HttpClient,
  url: string,
  params: HttpParams = new HttpParams(),
): Observable<T[]> {
  const fetchPage = (page: number): Observable<Page<T>> =>
    http
      .get<SuccessEnvelope<Page<T>>>(url, {
        params: params.set('page', page).set('pageSize', MAX_PAGE_SIZE),
      })
      .pipe(map((envelope) => envelope.data));
  return fetchPage(1).pipe(
    expand((answer) =>
      answer.items.length > 0 && answer.page * answer.pageSize < answer.total
        ? fetchPage(answer.page + 1)
        : EMPTY,
    ),
    reduce((items: T[], answer) => items.concat(answer.items), []),
  );
}
