import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  BreakReasonResult,
  BreakReasonView,
  Page,
  Permission,
  PresenceResult,
  PresenceTimelineResult,
  PresenceView,
  Role,
} from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors, ClientContext, RequestContext, pageOf } from '../platform/http';
import {
  BreakReasonViewDto,
  BreakReasonsQueryDto,
  CreateBreakReasonDto,
  PresenceQueryDto,
  PresenceTimelineDto,
  PresenceTimelineQueryDto,
  PresenceViewDto,
  SetNextStatusDto,
  SetPresenceDto,
  UpdateBreakReasonDto,
} from './dto/presence.dto';
import { PresenceService } from './presence.service';

@ApiTags('presence')
@Controller('presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Put('me')
  @Authenticated()
  @ApiOperation({
    summary: 'Set my state',
    description:
      'offline, available, or break with a reason; on_call and wrap_up follow the calls (409 INVALID_STATE while on a call).',
  })
  @ApiEnvelope(PresenceViewDto, { key: 'presence', description: 'My state' })
  @ApiErrors(400, 409)
  async setMine(
    @CurrentUser() user: AuthUser,
    @Body() body: SetPresenceDto,
  ): Promise<PresenceResult> {
    return { presence: await this.presence.setOwn(user, body.status, body.reason) };
  }

  @Put('me/next')
  @Authenticated()
  @ApiOperation({
    summary: 'Set my next status (after the current call)',
    description:
      'available, or break with a reason, applied when the call I hold (ringing, live or in wrap-up) is over, before routing can offer another call. Setting my state by hand clears it. 409 INVALID_STATE without a call.',
  })
  @ApiEnvelope(PresenceViewDto, { key: 'presence', description: 'My state, with `next`' })
  @ApiErrors(400, 409)
  async setMyNext(
    @CurrentUser() user: AuthUser,
    @Body() body: SetNextStatusDto,
  ): Promise<PresenceResult> {
    return { presence: await this.presence.setNext(user, body.status, body.reason) };
  }

  @Delete('me/next')
  @Authenticated()
  @ApiOperation({
    summary: 'Clear my next status',
    description:
      'After the call I go back to the state I had before it (available for an offered call).',
  })
  @ApiEnvelope(PresenceViewDto, { key: 'presence', description: 'My state, `next` null' })
  async clearMyNext(@CurrentUser() user: AuthUser): Promise<PresenceResult> {
    return { presence: await this.presence.clearNext(user) };
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'States of the people I work with',
    description:
      "With teamId: that team's members (a team you may not read is 404). Admins see everyone.",
  })
  @ApiEnvelope(PresenceViewDto, { description: 'States by name, one page', page: true })
  @ApiErrors(400, 404)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: PresenceQueryDto,
  ): Promise<Page<PresenceView>> {
    return pageOf(await this.presence.list(user, query.teamId), query);
  }

  @Get('break-reasons')
  @Authenticated()
  @ApiOperation({ summary: 'Break reasons' })
  @ApiEnvelope(BreakReasonViewDto, {
    description: 'Break reasons in display order, one page',
    page: true,
  })
  @ApiErrors(400)
  async breakReasons(
    @CurrentUser() user: AuthUser,
    @Query() query: BreakReasonsQueryDto,
  ): Promise<Page<BreakReasonView>> {
    const includeInactive = user.role === Role.Admin && (query.includeInactive ?? false);
    return pageOf(await this.presence.breakReasons(includeInactive), query);
  }

  @Post('break-reasons')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Add a break reason (admin)' })
  @ApiEnvelope(BreakReasonViewDto, {
    key: 'breakReason',
    status: HttpStatus.CREATED,
    description: 'Added',
  })
  @ApiErrors(400, 409)
  async createBreakReason(@Body() body: CreateBreakReasonDto): Promise<BreakReasonResult> {
    return { breakReason: await this.presence.createBreakReason(body.code, body.label) };
  }

  @Patch('break-reasons/:code')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Rename or retire a break reason (admin)' })
  @ApiEnvelope(BreakReasonViewDto, { key: 'breakReason', description: 'Updated' })
  @ApiErrors(400, 404, 409)
  async updateBreakReason(
    @Param('code') code: string,
    @Body() body: UpdateBreakReasonDto,
  ): Promise<BreakReasonResult> {
    return { breakReason: await this.presence.updateBreakReason(code, body) };
  }

  @Put(':userId')
  @Authenticated({ permission: Permission.PresenceForce })
  @ApiOperation({
    summary: "Force an agent offline or on a break (their team's supervisors, admins)",
    description: 'Recorded in the audit log (`presence.forced`).',
  })
  @ApiEnvelope(PresenceViewDto, { key: 'presence', description: "The agent's state" })
  @ApiErrors(400, 404, 409)
  async force(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: SetPresenceDto,
    @ClientContext() context: RequestContext,
  ): Promise<PresenceResult> {
    return {
      presence: await this.presence.force(user, userId, body.status, body.reason, context),
    };
  }

  @Get(':userId/timeline')
  @Authenticated({ permission: Permission.StatsTeam })
  @ApiOperation({
    summary: "An agent's states over a period (their team's supervisors, admins)",
    description:
      'The presence intervals that overlap `from`..`to` (default: the last 24 hours; at most 7 days), oldest first: the drill-down of the agent grid. Their calls come from `GET /api/calls?agentId=`.',
  })
  @ApiEnvelope(PresenceTimelineDto, { key: 'timeline', description: "The agent's states" })
  @ApiErrors(400, 404)
  async timeline(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Query() query: PresenceTimelineQueryDto,
  ): Promise<PresenceTimelineResult> {
    return { timeline: await this.presence.timeline(user, userId, query) };
  }

  @Post(':userId/sign-out')
  @Authenticated({ permission: Permission.PresenceForce })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Sign an agent out (their team's supervisors, admins)",
    description:
      'The agent goes offline at once and every session of theirs ends (their console returns to sign-in). 409 while they are on a call or wrapping one up. Recorded in the audit log (`presence.signed_out`).',
  })
  @ApiEnvelope(PresenceViewDto, { key: 'presence', description: "The agent's state: offline" })
  @ApiErrors(400, 404, 409)
  async signOut(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @ClientContext() context: RequestContext,
  ): Promise<PresenceResult> {
    return { presence: await this.presence.signOut(user, userId, context) };
  }
}
