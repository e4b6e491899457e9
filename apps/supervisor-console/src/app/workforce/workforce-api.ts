import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  ForecastIntervalMinutes,
  ForecastResult,
  ForecastView,
  StaffingRequest,
  StaffingResult,
  StaffingView,
  SuccessEnvelope,
  TeamComparisonResult,
  TeamComparisonView,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

/** A team comparison's query: the teams and whole days (dates, in the organisation's zone). */
export interface ComparisonQuery {
  teamIds: string[];
  from: string;
  to: string;
}

function comparisonParams(query: ComparisonQuery): HttpParams {
  return new HttpParams()
    .set('teamIds', query.teamIds.join(','))
    .set('from', query.from)
    .set('to', query.to);
}

/** A forecast's query: a team, a local day and the interval length. */
export interface ForecastPageQuery {
  teamId: string;
  date: string;
  intervalMinutes: ForecastIntervalMinutes;
  weeks: number;
  shrinkage: number;
}

function forecastParams(query: ForecastPageQuery): HttpParams {
  return new HttpParams()
    .set('teamId', query.teamId)
    .set('date', query.date)
    .set('intervalMinutes', String(query.intervalMinutes))
    .set('weeks', String(query.weeks))
    .set('shrinkage', String(query.shrinkage));
}

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

  compareTeams(query: ComparisonQuery): Observable<TeamComparisonView> {
    return this.http
      .get<SuccessEnvelope<TeamComparisonResult>>(apiUrl('stats/teams/compare'), {
        params: comparisonParams(query),
      })
      .pipe(
        unwrapEnvelope(),
        map((data) => data.comparison),
      );
  }

  /** The same comparison as a CSV file. */
  compareTeamsCsv(query: ComparisonQuery): Observable<Blob> {
    return this.http.get(apiUrl('stats/teams/compare'), {
      params: comparisonParams(query).set('format', 'csv'),
      responseType: 'blob',
    });
  }

  forecast(query: ForecastPageQuery): Observable<ForecastView> {
    return this.http
      .get<SuccessEnvelope<ForecastResult>>(apiUrl('workforce/forecast'), {
        params: forecastParams(query),
      })
      .pipe(
        unwrapEnvelope(),
        map((data) => data.forecast),
      );
  }

  /** The same forecast as a CSV file. */
  forecastCsv(query: ForecastPageQuery): Observable<Blob> {
    return this.http.get(apiUrl('workforce/forecast'), {
      params: forecastParams(query).set('format', 'csv'),
      responseType: 'blob',
    });
  }
}
