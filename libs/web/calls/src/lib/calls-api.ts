import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

import {
  AddConferencePartyRequest,
  CallAction,
  CallDetailResult,
  CallDetailView,
  CallResult,
  CallView,
  ConferenceTarget,
  ConsultTarget,
  CurrentCallResult,
  DispositionView,
  ListCallsQuery,
  Page,
  SendDtmfRequest,
  StartConsultRequest,
  StartOutboundCallRequest,
  SuccessEnvelope,
  TeamView,
  TransferCallRequest,
  TransferTargetsResult,
  WrapUpCallRequest,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

/**
 * The agent actions that take no body: `POST /api/calls/:id/<action>`. `connected` and `failed`
 * report how an outbound call went when no PBX reports it.
 */
/** How an open consult ends (`POST /api/calls/:id/consult/<outcome>`). */
export type ConsultOutcome = 'complete' | 'cancel';

export type SimpleCallAction = Exclude<CallAction, 'wrap-up'> | 'connected' | 'failed';

/** Turns a list query into query parameters, leaving out what is not set. */
export function listCallsParams(query: ListCallsQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params = params.append(key, String(item));
    }
  }
  return params;
}

/** The call endpoints of the API an agent uses, unwrapped from their envelopes. */
@Injectable({ providedIn: 'root' })
export class CallsApi {
  private readonly http = inject(HttpClient);

  /** The agent's ringing, live or wrap-up call, or null, with the caller's history. */
  current(): Observable<CurrentCallResult> {
    return this.http
      .get<SuccessEnvelope<CurrentCallResult>>(apiUrl('calls/current'))
      .pipe(unwrapEnvelope());
  }

  list(query: ListCallsQuery): Observable<Page<CallView>> {
    return this.http
      .get<SuccessEnvelope<Page<CallView>>>(apiUrl('calls'), { params: listCallsParams(query) })
      .pipe(unwrapEnvelope());
  }

  /** A call with its segments and timeline. */
  get(callId: string): Observable<CallDetailView> {
    return this.http
      .get<SuccessEnvelope<CallDetailResult>>(apiUrl(`calls/${encodeURIComponent(callId)}`))
      .pipe(
        unwrapEnvelope(),
        map((result) => result.call),
      );
  }

  act(callId: string, action: SimpleCallAction): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/${action}`, {});
  }

  /** Keypad digits (0-9 * #) the PBX plays into the call. */
  sendDtmf(callId: string, digits: string): Observable<CallView> {
    const request: SendDtmfRequest = { digits };
    return this.postCall(`calls/${encodeURIComponent(callId)}/dtmf`, request);
  }

  /**
   * A blind transfer: the call leaves the agent (to a queue, an agent or a number). To a queue,
   * `queuePosition` chooses its place there; without it, the team's setting applies.
   */
  transfer(callId: string, request: TransferCallRequest): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/transfer`, request);
  }

  /** A consult (warm transfer): the caller is held while the PBX rings the target. */
  startConsult(callId: string, target: ConsultTarget): Observable<CallView> {
    const request: StartConsultRequest = { target };
    return this.postCall(`calls/${encodeURIComponent(callId)}/consult`, request);
  }

  /** Ends the open consult: `complete` hands the caller over, `cancel` takes them back. */
  endConsult(callId: string, outcome: ConsultOutcome): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/consult/${outcome}`, {});
  }

  /** The open consult becomes a conference (the caller comes off hold). */
  mergeConference(callId: string): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/conference`, {});
  }

  /** Rings an agent, a supervisor or a number into the call's conference. */
  addConferenceParty(callId: string, target: ConferenceTarget): Observable<CallView> {
    const request: AddConferencePartyRequest = { target };
    return this.postCall(`calls/${encodeURIComponent(callId)}/conference/parties`, request);
  }

  removeConferenceParty(callId: string, partyId: string): Observable<CallView> {
    return this.http
      .delete<SuccessEnvelope<CallResult>>(
        apiUrl(
          `calls/${encodeURIComponent(callId)}/conference/parties/${encodeURIComponent(partyId)}`,
        ),
      )
      .pipe(
        unwrapEnvelope(),
        map(({ call }) => call),
      );
  }

  leaveConference(callId: string): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/conference/leave`, {});
  }

  /**
   * Where the agent may send or call in a colleague: every active team, their teams' agents and
   * supervisors.
   */
  transferTargets(): Observable<TransferTargetsResult> {
    return this.http
      .get<SuccessEnvelope<TransferTargetsResult>>(apiUrl('calls/transfer-targets'))
      .pipe(unwrapEnvelope());
  }

  wrapUp(callId: string, request: WrapUpCallRequest): Observable<CallView> {
    return this.postCall(`calls/${encodeURIComponent(callId)}/wrap-up`, request);
  }

  startOutbound(request: StartOutboundCallRequest): Observable<CallView> {
    return this.postCall('calls/outbound', request);
  }

  /** Every disposition, all pages. */
  dispositions(): Observable<DispositionView[]> {
    return getAllPages<DispositionView>(this.http, apiUrl('dispositions'));
  }

  /** The teams the agent belongs to (all pages): the queues an outbound call may be placed for. */
  teams(): Observable<TeamView[]> {
    return getAllPages<TeamView>(this.http, apiUrl('teams'));
  }

  private postCall(path: string, body: object): Observable<CallView> {
    return this.http.post<SuccessEnvelope<CallResult>>(apiUrl(path), body).pipe(
      unwrapEnvelope(),
      map(({ call }) => call),
    );
  }
}
