import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import {
  CallStatsView,
  DashboardView,
  OrganizationSettings,
  StatsGroupBy,
  StatsInterval,
  StatsReportView,
  SuccessEnvelope,
  TeamAlertThresholds,
} from '@poscalls4u/contracts';
import { apiUrl, unwrapEnvelope } from '@poscalls4u/web-core';

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
    return this.http
      .get<SuccessEnvelope<DashboardView>>(apiUrl('stats/dashboard'))
      .pipe(unwrapEnvelope());
  }

  team(teamId: string, query: ReportQuery): Observable<StatsReportView> {
    return this.http
      .get<SuccessEnvelope<StatsReportView>>(apiUrl(`stats/teams/${encodeURIComponent(teamId)}`), {
        params: reportParams({ from: query.from, to: query.to, interval: query.interval }),
      })
      .pipe(unwrapEnvelope());
  }

  agent(agentId: string, query: ReportQuery): Observable<StatsReportView> {
    return this.http
      .get<SuccessEnvelope<StatsReportView>>(
        apiUrl(`stats/agents/${encodeURIComponent(agentId)}`),
        { params: reportParams({ from: query.from, to: query.to, interval: query.interval }) },
      )
      .pipe(unwrapEnvelope());
  }

  calls(query: ReportQuery): Observable<CallStatsView> {
    return this.http
      .get<SuccessEnvelope<CallStatsView>>(apiUrl('stats/calls'), { params: reportParams(query) })
      .pipe(unwrapEnvelope());
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
    return this.http
      .get<SuccessEnvelope<TeamAlertThresholds>>(
        apiUrl(`teams/${encodeURIComponent(teamId)}/alert-thresholds`),
      )
      .pipe(unwrapEnvelope());
  }

  saveAlertThresholds(
    teamId: string,
    thresholds: TeamAlertThresholds,
  ): Observable<TeamAlertThresholds> {
    return this.http
      .put<SuccessEnvelope<TeamAlertThresholds>>(
        apiUrl(`teams/${encodeURIComponent(teamId)}/alert-thresholds`),
        thresholds,
      )
      .pipe(unwrapEnvelope());
  }

  organization(): Observable<OrganizationSettings> {
    return this.http
      .get<SuccessEnvelope<OrganizationSettings>>(apiUrl('settings/organization'))
      .pipe(unwrapEnvelope());
  }

  saveOrganization(settings: OrganizationSettings): Observable<OrganizationSettings> {
    return this.http
      .put<SuccessEnvelope<OrganizationSettings>>(apiUrl('settings/organization'), settings)
      .pipe(unwrapEnvelope());
  }
}
