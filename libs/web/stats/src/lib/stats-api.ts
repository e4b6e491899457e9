import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  CallStatsResult,
  CallStatsView,
  DashboardResult,
  DashboardView,
  OrganizationSettings,
  OrganizationSettingsResult,
  StatsGroupBy,
  StatsInterval,
  StatsReportResult,
  StatsReportView,
  SuccessEnvelope,
  TeamAlertThresholds,
  TeamAlertThresholdsResult,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

const ORGANIZATION_URL = apiUrl('settings/organization');

function thresholdsUrl(teamId: string): string {
  return apiUrl(`teams/${encodeURIComponent(teamId)}/alert-thresholds`);
}

/** What a report asks for: a range (ISO instants or dates), an interval and whom. */
export interface ReportQuery {
  from: string;
  to: string;
  interval: StatsInterval;
  groupBy?: StatsGroupBy;
  teamIds?: readonly string[];
  agentIds?: readonly string[];
}

/** `GET /api/stats/calls` parameters; several ids go comma-separated, as the API reads them. */
export function reportParams(query: ReportQuery, format?: 'csv'): HttpParams {
  let params = new HttpParams()
    .set('from', query.from)
    .set('to', query.to)
    .set('interval', query.interval);
  if (query.groupBy !== undefined) params = params.set('groupBy', query.groupBy);
  if (query.teamIds?.length) params = params.set('teamId', query.teamIds.join(','));
  if (query.agentIds?.length) params = params.set('agentId', query.agentIds.join(','));
  if (format !== undefined) params = params.set('format', format);
  return params;
}

/** The statistics endpoints of the API, unwrapped from their envelopes. */
@Injectable({ providedIn: 'root' })
export class StatsApi {
  private readonly http = inject(HttpClient);

  /** Today so far plus live values: the center (admin), the supervisor's teams, or the agent. */
  dashboard(): Observable<DashboardView> {
    return this.http.get<SuccessEnvelope<DashboardResult>>(apiUrl('stats/dashboard')).pipe(
      unwrapEnvelope(),
      map(({ dashboard }) => dashboard),
    );
  }

  team(teamId: string, query: ReportQuery): Observable<StatsReportView> {
    return this.report<StatsReportResult>(
      `stats/teams/${encodeURIComponent(teamId)}`,
      reportParams({ from: query.from, to: query.to, interval: query.interval }),
    );
  }

  agent(agentId: string, query: ReportQuery): Observable<StatsReportView> {
    return this.report<StatsReportResult>(
      `stats/agents/${encodeURIComponent(agentId)}`,
      reportParams({ from: query.from, to: query.to, interval: query.interval }),
    );
  }

  calls(query: ReportQuery): Observable<CallStatsView> {
    return this.report<CallStatsResult>('stats/calls', reportParams(query));
  }

  /**
   * The CSV export as a blob. Fetched through HttpClient, not a plain link, so that the request
   * carries the bearer token (the interceptor adds it); the page then saves the blob.
   */
  callsCsv(query: ReportQuery): Observable<Blob> {
    return this.http.get(apiUrl('stats/calls'), {
      params: reportParams(query, 'csv'),
      headers: { Accept: 'text/csv' },
      responseType: 'blob',
    });
  }

  alertThresholds(teamId: string): Observable<TeamAlertThresholds> {
    return this.http.get<SuccessEnvelope<TeamAlertThresholdsResult>>(thresholdsUrl(teamId)).pipe(
      unwrapEnvelope(),
      map(({ thresholds }) => thresholds),
    );
  }

  saveAlertThresholds(
    teamId: string,
    thresholds: TeamAlertThresholds,
  ): Observable<TeamAlertThresholds> {
    return this.http
      .put<SuccessEnvelope<TeamAlertThresholdsResult>>(thresholdsUrl(teamId), thresholds)
      .pipe(
        unwrapEnvelope(),
        map((answer) => answer.thresholds),
      );
  }

  organization(): Observable<OrganizationSettings> {
    return this.http.get<SuccessEnvelope<OrganizationSettingsResult>>(ORGANIZATION_URL).pipe(
      unwrapEnvelope(),
      map(({ settings }) => settings),
    );
  }

  saveOrganization(settings: OrganizationSettings): Observable<OrganizationSettings> {
    return this.http
      .put<SuccessEnvelope<OrganizationSettingsResult>>(ORGANIZATION_URL, settings)
      .pipe(
        unwrapEnvelope(),
        map((answer) => answer.settings),
      );
  }

  private report<R extends StatsReportResult | CallStatsResult>(
    path: string,
    params: HttpParams,
  ): Observable<R['report']> {
    return this.http.get<SuccessEnvelope<R>>(apiUrl(path), { params }).pipe(
      unwrapEnvelope(),
      map(({ report }) => report),
    );
  }
}
