import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  CallAssistResult,
  CallAssistView,
  CallDetailResult,
  CallResult,
  CallView,
  CurrentCallResult,
  CursorPage,
  Page,
  Permission,
  QaReviewResult,
  TransferTargetsResult,
} from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors, ClientContext, RequestContext } from '../platform/http';
import { CallAssistsService } from './assist/call-assists.service';
import { CallsService } from './calls.service';
import {
  CallAssistViewDto,
  CallDetailViewDto,
  CallIdParamDto,
  CallViewDto,
  CreateCallDto,
  CreateQaReviewDto,
  CurrentCallResultDto,
  ListCallsQueryDto,
  QaReviewViewDto,
  SendDtmfDto,
  StartAssistDto,
  StartConsultDto,
  StartOutboundCallDto,
  TransferCallDto,
  TransferTargetsResultDto,
  WrapUpCallDto,
  toConsultTarget,
  toTransferTarget,
} from './dto/calls.dto';

const AGENT_ACTION =
  "Only the call's agent: 404 for a call you cannot see, 403 for a supervisor, 409 INVALID_STATE for a call that no longer rings at you or is not in a state that allows it.";

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly assists: CallAssistsService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Calls, newest first',
    description:
      "Admins see every call, supervisors their teams' calls, agents the calls that rang at them or that they handled. Page by `page`, or by `cursor`: pass the previous answer's `nextCursor` (a cursor this list did not write is 400 VALIDATION_ERROR).",
  })
  @ApiEnvelope(CallViewDto, { description: 'One page of calls', page: 'cursor' })
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListCallsQueryDto,
  ): Promise<CursorPage<CallView>> {
    return this.calls.list(user, query);
  }

  @Get('current')
  @Authenticated()
  @ApiOperation({
    summary: 'My current call',
    description:
      "The call ringing at me, or the one I am on or wrapping up; `data.call` is null when none. `data.callerHistory` lists the caller's last 5 earlier calls to the call's team and their count (null without a call or for an outbound call).",
  })
  @ApiEnvelope(CurrentCallResultDto, { description: 'My call, or null, and its caller history' })
  current(@CurrentUser() user: AuthUser): Promise<CurrentCallResult> {
    return this.calls.current(user);
  }

  @Get('transfer-targets')
  @Authenticated()
  @ApiOperation({
    summary: 'Where I may transfer a call',
    description:
      "Every active team's queue (id and name), the agents of my teams (not me) with their state now: only `available` ones take a transfer to an agent (`POST /api/calls/:id/transfer`), and the supervisors of my teams, whom a consult or a conference may call (not while they are on a call).",
  })
  @ApiEnvelope(TransferTargetsResultDto, { description: 'Queues, agents and supervisors' })
  transferTargets(@CurrentUser() user: AuthUser): Promise<TransferTargetsResult> {
    return this.calls.transferTargets(user);
  }

  @Get('assists')
  @Authenticated({ permission: Permission.CallsMonitor })
  @ApiOperation({
    summary: "Supervisors' assists in progress",
    description:
      'Who listens to, whispers to or barges into which live call, in the teams where I hold `calls:monitor` (admins: all). One page holds them all (a supervisor assists one call at a time). `call:assist` events keep it current.',
  })
  @ApiEnvelope(CallAssistViewDto, { description: 'The assists in progress', page: true })
  async listAssists(@CurrentUser() user: AuthUser): Promise<Page<CallAssistView>> {
    const items = await this.assists.list(user);
    return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'A call with its timeline and QA reviews' })
  @ApiEnvelope(CallDetailViewDto, { key: 'call', description: 'The call' })
  @ApiErrors(400, 404)
  async get(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallDetailResult> {
    return { call: await this.calls.get(user, params.id) };
  }

  @Post()
  @Authenticated({ permission: Permission.CallsQueue })
  @ApiOperation({
    summary: "Queue an inbound call by hand (the team's supervisors, admins)",
    description:
      'The call joins the team queue and is offered at once when an agent is free: the answer shows it queued or already offered.',
  })
  @ApiEnvelope(CallViewDto, { key: 'call', status: HttpStatus.CREATED, description: 'Queued' })
  @ApiErrors(400, 404, 409)
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateCallDto): Promise<CallResult> {
    return { call: await this.calls.create(user, body) };
  }

  @Post('outbound')
  @Authenticated({ permission: Permission.CallsOutbound })
  @ApiOperation({
    summary: 'Dial out for one of my teams',
    description:
      'The call starts `dialing` and I am on a call until it ends. With `integrationId` the PBX gets an `agent.dial` webhook and reports progress; without, report `connected` or `failed` yourself. 409 INVALID_STATE when I already have a call.',
  })
  @ApiEnvelope(CallViewDto, { key: 'call', status: HttpStatus.CREATED, description: 'Dialing' })
  @ApiErrors(400, 404, 409)
  async startOutbound(
    @CurrentUser() user: AuthUser,
    @Body() body: StartOutboundCallDto,
  ): Promise<CallResult> {
    return { call: await this.calls.startOutbound(user, body) };
  }

  @Post(':id/answer')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'Answer the call ringing at me', description: AGENT_ACTION })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Connected' })
  @ApiErrors(400, 404, 409)
  async answer(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.answer(user, params.id) };
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Reject the call ringing at me',
    description: `It returns to the queue and does not ring at me again for one offer timeout. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Back in the queue' })
  @ApiErrors(400, 404, 409)
  async reject(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.reject(user, params.id) };
  }

  @Post(':id/hold')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'Put my call on hold', description: AGENT_ACTION })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'On hold' })
  @ApiErrors(400, 404, 409)
  async hold(@CurrentUser() user: AuthUser, @Param() params: CallIdParamDto): Promise<CallResult> {
    return { call: await this.calls.hold(user, params.id) };
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'Take my call off hold', description: AGENT_ACTION })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Connected again' })
  @ApiErrors(400, 404, 409)
  async resume(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.resume(user, params.id) };
  }

  @Post(':id/end')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Hang up',
    description: `The call and I move to wrap-up until I wrap it up. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'In wrap-up' })
  @ApiErrors(400, 404, 409)
  async end(@CurrentUser() user: AuthUser, @Param() params: CallIdParamDto): Promise<CallResult> {
    return { call: await this.calls.end(user, params.id) };
  }

  @Post(':id/wrap-up')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Wrap up my call with a disposition',
    description: `The call completes and I am available again. 400 for a disposition that is not active. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Completed' })
  @ApiErrors(400, 404, 409)
  async wrapUp(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: WrapUpCallDto,
  ): Promise<CallResult> {
    return { call: await this.calls.wrapUp(user, params.id, body) };
  }

  @Post(':id/transfer')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Blind-transfer my call',
    description: `While connected or on hold; my part of the call (its segment) closes and I am available again at once, without wrap-up; the PBX gets a signed \`call.transfer\` webhook naming the target, and the transfer is audited. The call keeps its id. Targets: \`{ "type": "number", "to": "+15550177" }\` hands the caller to an outside number: the call completes with a \`transferred\` event (403 without \`calls:outbound\` in the call's team, as dialing out). \`{ "type": "queue", "teamId": "..." }\` puts it in that team's queue, keeping its original arrival time (its place in line) or at the back of the queue: \`queuePosition\` (\`keep\` or \`back\`, a queue target only, 400 otherwise) or else the team's \`transferredCalls\` setting (\`keep\` by default); its arrival, and so its statistics, stay; 404 for a team that is not active. \`{ "type": "agent", "agentId": "...", "teamId": "..." }\` rings it at that agent of the team (default: the call's team) at once (a \`call.offered\` webhook); 404 when they are not an agent of the team, 409 \`AGENT_UNAVAILABLE\` when they are not available and free; unanswered, it waits in that team's queue. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, {
    key: 'call',
    description: 'Completed (to a number), queued, or ringing at the agent',
  })
  @ApiErrors(400, 403, 404, 409)
  async transfer(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: TransferCallDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return {
      call: await this.calls.transfer(
        user,
        params.id,
        toTransferTarget(body.target),
        context,
        body.queuePosition,
      ),
    };
  }

  @Post(':id/consult')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Consult before handing my call over (warm transfer)',
    description: `While connected or on hold, with no consult open (409 otherwise): the caller is held and the PBX gets a signed \`call.consult\` webhook to ring the target on a second leg from me; \`call.consult\` shows on the call, the consulted agent gets \`call:updated\`, and the start is audited. Targets: \`{ "type": "agent", "agentId": "...", "teamId": "..." }\`, an agent of the team (default: the call's), 404 when they are not one, 409 \`AGENT_UNAVAILABLE\` unless available and free (they are then on a call, this one, until the consult ends); \`{ "type": "supervisor", "supervisorId": "..." }\`, a supervisor of the call's team (404 otherwise; 409 \`AGENT_UNAVAILABLE\` while on another call); \`{ "type": "number", "to": "+15550177" }\`, 403 without \`calls:outbound\` in the call's team. Then \`POST /api/calls/:id/consult/complete\`, \`/consult/cancel\` or \`POST /api/calls/:id/conference\` (merge); until then hold, resume, end and a blind transfer answer 409 \`INVALID_STATE\`. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'On hold, with the consult open' })
  @ApiErrors(400, 403, 404, 409)
  async startConsult(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: StartConsultDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return {
      call: await this.calls.startConsult(user, params.id, toConsultTarget(body.target), context),
    };
  }

  @Post(':id/consult/complete')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Complete my consult: the caller goes to the consulted party',
    description: `With a consult open (409 otherwise). As a transfer: my part of the call (its segment) closes, counted as a transfer, and I am available at once; the PBX gets a signed \`call.consult_complete\` webhook. A consulted agent has the call at once, connected, in their team (no offer: they are already on the line); to a number the call completes. Audited. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, {
    key: 'call',
    description: 'Connected to the consulted agent, or completed (to a number)',
  })
  @ApiErrors(404, 409)
  async completeConsult(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return { call: await this.calls.completeConsult(user, params.id, context) };
  }

  @Post(':id/consult/cancel')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Cancel my consult and take the caller back',
    description: `With a consult open (409 otherwise): the PBX gets a signed \`call.consult_cancel\` webhook to drop the consult leg, the call is connected to me again, a consulted agent is available again. Audited. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Connected to me again' })
  @ApiErrors(404, 409)
  async cancelConsult(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return { call: await this.calls.cancelConsult(user, params.id, context) };
  }

  @Post(':id/mute')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Mute my microphone on my call',
    description: `Connected or on hold. The caller stops hearing me; the PBX gets an \`agent.mute\` webhook; \`call.muted\` is true until I unmute or the call ends. 409 INVALID_STATE when already muted. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Muted' })
  @ApiErrors(400, 403, 404, 409)
  async mute(@CurrentUser() user: AuthUser, @Param() params: CallIdParamDto): Promise<CallResult> {
    return { call: await this.calls.mute(user, params.id) };
  }

  @Post(':id/unmute')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Unmute my microphone',
    description: `The PBX gets an \`agent.unmute\` webhook. 409 INVALID_STATE when not muted. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Unmuted' })
  @ApiErrors(400, 403, 404, 409)
  async unmute(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.unmute(user, params.id) };
  }

  @Post(':id/dtmf')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Send keypad digits (DTMF) on my call',
    description: `Connected (not on hold). \`{ "digits": "1234#" }\`: 1-32 of 0-9 * #, played in order by the PBX (an \`agent.dtmf\` webhook with the digits). The timeline records a \`dtmf\` event with the number of digits only, never the digits (they may be a PIN or a card number). ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Digits sent' })
  @ApiErrors(400, 403, 404, 409)
  async dtmf(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: SendDtmfDto,
  ): Promise<CallResult> {
    return { call: await this.calls.sendDtmf(user, params.id, body.digits) };
  }

  @Post(':id/assist')
  @HttpCode(HttpStatus.OK)
  @Authenticated({ permission: Permission.CallsMonitor })
  @ApiOperation({
    summary: "Listen to, whisper to or barge into a team's live call (its supervisors)",
    description:
      'A connected or held call of a team where I hold `calls:monitor`. `{ "mode": "listen" }` (silent), `"whisper"` (the agent hears me, the caller does not) or `"barge"` (all three talk); again with another mode switches. The PBX gets a signed `supervisor.assist` (or `supervisor.assist_change`) webhook to connect my phone; each change is audited; `call:assist` tells the team\'s monitors, and the agent is told when the organisation setting `showAssistToAgents` is on. 403 without `calls:monitor` in the team; 404 a call I cannot see; 409 `CONFLICT` another supervisor assists the call, or I assist another call; 409 `INVALID_STATE` the call is not live, or already in that mode.',
  })
  @ApiEnvelope(CallAssistViewDto, { key: 'assist', description: 'Assisting' })
  @ApiErrors(400, 403, 404, 409)
  async startAssist(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: StartAssistDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallAssistResult> {
    return { assist: await this.assists.start(user, params.id, body.mode, context) };
  }

  @Delete(':id/assist')
  @Authenticated({ permission: Permission.CallsMonitor })
  @ApiOperation({
    summary: "Stop a supervisor's assist on a call",
    description:
      'The assisting supervisor, or another holder of `calls:monitor` in the team. The PBX gets `supervisor.assist_stop`; audited; `call:assist` with `assist: null`. Answers the assist that stopped. 409 `INVALID_STATE` when nobody assists the call. An assist also stops by itself when the call ends.',
  })
  @ApiEnvelope(CallAssistViewDto, { key: 'assist', description: 'The assist that stopped' })
  @ApiErrors(400, 403, 404, 409)
  async stopAssist(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallAssistResult> {
    return { assist: await this.assists.stop(user, params.id, context) };
  }

  @Post(':id/connected')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'My outbound call was picked up (without a PBX)',
    description: AGENT_ACTION,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Connected' })
  @ApiErrors(400, 404, 409)
  async connected(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.connected(user, params.id) };
  }

  @Post(':id/failed')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'My outbound call was not picked up (without a PBX)',
    description: `I am available again. ${AGENT_ACTION}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Failed' })
  @ApiErrors(400, 404, 409)
  async failed(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
  ): Promise<CallResult> {
    return { call: await this.calls.failed(user, params.id) };
  }

  @Post(':id/qa-reviews')
  @Authenticated({ permission: Permission.QaReview })
  @ApiOperation({
    summary: "Review a completed call (the team's supervisors, admins)",
    description:
      '403 for a supervisor who is in the team without supervising it; 409 INVALID_STATE for a call not completed yet.',
  })
  @ApiEnvelope(QaReviewViewDto, {
    key: 'review',
    status: HttpStatus.CREATED,
    description: 'Reviewed',
  })
  @ApiErrors(400, 404, 409)
  async addReview(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: CreateQaReviewDto,
  ): Promise<QaReviewResult> {
    return { review: await this.calls.addReview(user, params.id, body) };
  }
}
