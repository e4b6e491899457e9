import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  StaffingRequest,
  StaffingResult,
  StaffingView,
  SuccessEnvelope,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

/** The workforce endpoints of the API, unwrapped. */
@Injectable({ providedIn: 'root' })
export class WorkforceApi {
  private readonly http = inject(HttpClient);

  staffing(request: StaffingRequest): Observable<StaffingView> {
    return this.http
      .post<SuccessEnvelope<StaffingResult>>(apiUrl('workforce/staffing'), request)
      .pipe(
        unwrapEnvelope(),
        map((data) => data.staffing),
      );
  }
}
