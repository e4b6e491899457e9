import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';

import {
  ConferenceTarget,
  ConsultTarget,
  Permission,
  SetNextStatusRequest,
  SetPresenceRequest,
  StartOutboundCallRequest,
  TransferCallRequest,
  WrapUpCallRequest,
} from '@poscalls4u/contracts';
import {
  AuthActions,
  selectPermissionsLoaded,
  selectTeamsWithPermission,
  selectUser,
} from '@poscalls4u/web-auth';
import {
  CallsActions,
  ConsultOutcome,
  consultFailureLabel,
  selectActiveDispositions,
  selectBreakReasons,
  selectBusy,
  selectCallPhase,
  selectCallerHistory,
  selectCanChangeStatus,
  selectCanChooseNextStatus,
  selectConnection,
  selectConsultFailure,
  selectCurrent,
  selectError,
  selectHasNoTeam,
  selectHistory,
  selectHistoryLoading,
  selectNextStatus,
  selectOfferExpiresAt,
  selectPresence,
  selectSupervisorNotice,
  selectTeams,
  selectTeamsLoaded,
} from '@poscalls4u/web-calls';
import { roleLabel } from '@poscalls4u/web-ui';

import { MyDayComponent } from '../my-day/my-day';
import { MyFiguresComponent } from '../my-day/my-figures';
import { CallHistoryComponent } from './call-history';
import { ConferencePanelComponent } from './conference-panel';
import { ConsultPanelComponent } from './consult-panel';
import { LiveCallAction, LiveCallPanelComponent } from './live-call-panel';
import { NextStatusPickerComponent } from './next-status-picker';
import { OfferPanelComponent } from './offer-panel';
import { OutboundCallFormComponent } from './outbound-call-form';
import { StatusSwitcherComponent } from './status-switcher';
import { TransferPanelComponent } from './transfer-panel';
import { WrapUpFormComponent } from './wrap-up-form';

/**
 * The agent's call screen (the console's home): their status and the status to take after the
 * call, the call in hand (ringing, live or in wrap-up) and their call history. The `calls` store
 * holds it all, fed by the API and the live events (the workspace around every page opens them);
 * this page only reads it and dispatches what the agent does.
 */
@Component({
  selector: 'pc-call-screen-page',
  imports: [
    MatButtonModule,
    RouterLink,
    CallHistoryComponent,
    LiveCallPanelComponent,
    MyDayComponent,
    MyFiguresComponent,
    NextStatusPickerComponent,
    OfferPanelComponent,
    OutboundCallFormComponent,
    StatusSwitcherComponent,
    ConferencePanelComponent,
    ConsultPanelComponent,
    TransferPanelComponent,
    WrapUpFormComponent,
  ],
  templateUrl: './call-screen.page.html',
  styleUrl: './call-screen.page.scss',
})
export class CallScreenPage {
  private readonly store = inject(Store);

  protected readonly user = this.store.selectSignal(selectUser);
  protected readonly presence = this.store.selectSignal(selectPresence);
  protected readonly breakReasons = this.store.selectSignal(selectBreakReasons);
  protected readonly canChangeStatus = this.store.selectSignal(selectCanChangeStatus);
  protected readonly nextStatus = this.store.selectSignal(selectNextStatus);
  protected readonly canChooseNextStatus = this.store.selectSignal(selectCanChooseNextStatus);
  protected readonly hasNoTeam = this.store.selectSignal(selectHasNoTeam);
  protected readonly connection = this.store.selectSignal(selectConnection);
  protected readonly phase = this.store.selectSignal(selectCallPhase);
  protected readonly call = this.store.selectSignal(selectCurrent);
  protected readonly offerExpiresAt = this.store.selectSignal(selectOfferExpiresAt);
  protected readonly callerHistory = this.store.selectSignal(selectCallerHistory);
  protected readonly supervisor = this.store.selectSignal(selectSupervisorNotice);
  protected readonly consultFailure = this.store.selectSignal(selectConsultFailure);
  protected readonly consultFailureLabel = consultFailureLabel;
  protected readonly dispositions = this.store.selectSignal(selectActiveDispositions);
  protected readonly teams = this.store.selectSignal(selectTeams);
  private readonly teamsLoaded = this.store.selectSignal(selectTeamsLoaded);
  private readonly permissionsLoaded = this.store.selectSignal(selectPermissionsLoaded);
  /** Until both are known, whether the outbound form shows is not (its room is kept). */
  protected readonly outboundPending = computed(
    () => !this.teamsLoaded() || !this.permissionsLoaded(),
  );
  private readonly outboundTeamIds = this.store.selectSignal(
    selectTeamsWithPermission(Permission.CallsOutbound),
  );
  /** The teams the agent may dial out for: their security profiles may withhold it. */
  protected readonly outboundTeams = computed(() => {
    const allowed = this.outboundTeamIds();
    return this.teams().filter((team) => allowed === null || allowed.includes(team.id));
  });
  protected readonly busy = this.store.selectSignal(selectBusy);
  protected readonly error = this.store.selectSignal(selectError);
  protected readonly history = this.store.selectSignal(selectHistory);
  protected readonly historyLoading = this.store.selectSignal(selectHistoryLoading);
  protected readonly roleLabel = roleLabel;
  /**
   * The signed-in user has the current call (its agent): otherwise they are a party of a
   * colleague's conference, which the colleague drives.
   */
  protected readonly ownsCall = computed(() => {
    const call = this.call();
    return call !== null && (call.agent === null || call.agent.id === this.user()?.id);
  });

  protected setStatus(request: SetPresenceRequest): void {
    this.store.dispatch(CallsActions.setStatus({ request }));
  }

  protected setNextStatus(request: SetNextStatusRequest | null): void {
    this.store.dispatch(CallsActions.setNextStatus({ request }));
  }

  protected answer(callId: string): void {
    this.store.dispatch(CallsActions.actOnCall({ callId, action: 'answer' }));
  }

  protected reject(callId: string): void {
    this.store.dispatch(CallsActions.actOnCall({ callId, action: 'reject' }));
  }

  protected act(callId: string, action: LiveCallAction): void {
    this.store.dispatch(CallsActions.actOnCall({ callId, action }));
  }

  protected sendDtmf(callId: string, digits: string): void {
    this.store.dispatch(CallsActions.sendDtmf({ callId, digits }));
  }

  protected transfer(callId: string, request: TransferCallRequest): void {
    this.store.dispatch(CallsActions.transferCall({ callId, request }));
  }

  protected startConsult(callId: string, target: ConsultTarget): void {
    this.store.dispatch(CallsActions.startConsult({ callId, target }));
  }

  protected endConsult(callId: string, outcome: ConsultOutcome): void {
    this.store.dispatch(CallsActions.endConsult({ callId, outcome }));
  }

  protected mergeConference(callId: string): void {
    this.store.dispatch(CallsActions.mergeConference({ callId }));
  }

  protected addConferenceParty(callId: string, target: ConferenceTarget): void {
    this.store.dispatch(CallsActions.addConferenceParty({ callId, target }));
  }

  protected removeConferenceParty(callId: string, partyId: string): void {
    this.store.dispatch(CallsActions.removeConferenceParty({ callId, partyId }));
  }

  protected leaveConference(callId: string): void {
    this.store.dispatch(CallsActions.leaveConference({ callId }));
  }

  protected wrapUp(callId: string, request: WrapUpCallRequest): void {
    this.store.dispatch(CallsActions.wrapUp({ callId, request }));
  }

  protected startOutbound(request: StartOutboundCallRequest): void {
    this.store.dispatch(CallsActions.startOutboundCall({ request }));
  }

  protected changeHistoryPage(query: { page: number; pageSize: number }): void {
    this.store.dispatch(CallsActions.historyPageRequested(query));
  }

  protected signInAgain(): void {
    this.store.dispatch(AuthActions.sessionExpired());
  }

  protected dismissError(): void {
    this.store.dispatch(CallsActions.dismissError());
  }
}
