import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CallResult, MAX_CONFERENCE_PARTIES } from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors, ClientContext, RequestContext } from '../platform/http';
import { CallConferenceService } from './conference/call-conference.service';
import {
  AddConferencePartyDto,
  CallIdParamDto,
  CallViewDto,
  ConferencePartyParamDto,
  toConsultTarget,
} from './dto/calls.dto';

const OWNER_ONLY =
  "Only the call's agent: 404 for a call you cannot see, 403 for a supervisor who is not its agent, 409 INVALID_STATE for a call that is not yours (any more) or not live.";

/** A conference on a call: merge a consult into one, add and remove parties, leave. */
@ApiTags('calls')
@Controller('calls')
export class CallsConferenceController {
  constructor(private readonly conferences: CallConferenceService) {}

  @Post(':id/conference')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Merge my open consult into a conference',
    description: `With a consult open (409 otherwise): the caller comes off hold and talks with me and the consulted party; \`call.conference\` lists the three parties (each with the id the PBX's \`conference.party_*\` events use). The PBX gets a signed \`call.conference\` webhook; every party gets \`call:updated\`. Audited. While the conference is on, hold, resume, a transfer and a consult answer 409; ending the call ends it. ${OWNER_ONLY}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'Connected, the conference open' })
  @ApiErrors(403, 404, 409)
  async merge(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return { call: await this.conferences.merge(user, params.id, context) };
  }

  @Post(':id/conference/parties')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Add a party to my conference',
    description: `A conference open (409 otherwise), with fewer than ${MAX_CONFERENCE_PARTIES} parties, the caller included (409 \`CONFERENCE_FULL\`). Targets as a consult's: \`{ "type": "agent", "agentId": "...", "teamId": "..." }\` (404 not an agent of that team, 409 \`AGENT_UNAVAILABLE\` unless available and free), \`{ "type": "supervisor", "supervisorId": "..." }\` (a supervisor of the call's team: 404 otherwise, 409 \`AGENT_UNAVAILABLE\` while on another call), \`{ "type": "number", "to": "+15550177" }\` (403 without \`calls:outbound\` in the call's team); 409 when they are on it already. The PBX gets a signed \`call.conference_add\` webhook and the party is \`joining\` until its \`conference.party_joined\` event (joined at once for a call without a PBX). An agent or supervisor added is on a call, this one, until their part ends. Audited. ${OWNER_ONLY}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'The conference with the new party' })
  @ApiErrors(400, 403, 404, 409)
  async add(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @Body() body: AddConferencePartyDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return {
      call: await this.conferences.add(user, params.id, toConsultTarget(body.target), context),
    };
  }

  @Delete(':id/conference/parties/:partyId')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Remove a party from my conference',
    description: `The party's part ends (an agent or supervisor goes to after-call work, then sets their own status); the PBX gets a signed \`call.conference_remove\` webhook. With fewer than three parties left the conference ends and the call goes on between the caller and me. 404 a party not on the conference; 409 the caller (end the call instead) or myself (leave instead). Audited. ${OWNER_ONLY}`,
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'The conference without the party' })
  @ApiErrors(400, 403, 404, 409)
  async remove(
    @CurrentUser() user: AuthUser,
    @Param() params: ConferencePartyParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return { call: await this.conferences.remove(user, params.id, params.partyId, context) };
  }

  @Post(':id/conference/leave')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Leave a conference I am on',
    description:
      "Any agent or supervisor on the conference (409 INVALID_STATE otherwise; 404 for a call you cannot see). I go to after-call work (then set my own status) and the PBX gets a signed `call.conference_leave` webhook. When I am the call's agent, the call passes to the first agent or supervisor who has joined (my segment closes as a transfer's, theirs begins); with only outside parties joined the call leaves the platform as a transfer to a number does (the PBX keeps the caller with them); with nobody joined yet it is refused (409). Audited.",
  })
  @ApiEnvelope(CallViewDto, { key: 'call', description: 'The call after I left' })
  @ApiErrors(404, 409)
  async leave(
    @CurrentUser() user: AuthUser,
    @Param() params: CallIdParamDto,
    @ClientContext() context: RequestContext,
  ): Promise<CallResult> {
    return { call: await this.conferences.leave(user, params.id, context) };
  }
}
