import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { BreakReasonView, Permission, PresenceView, Role } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import {
  BreakReasonViewDto,
  BreakReasonsQueryDto,
  CreateBreakReasonDto,
  PresenceQueryDto,
  PresenceViewDto,
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
  @ApiEnvelope(PresenceViewDto, { description: 'My state' })
  @ApiErrors(400, 409)
  setMine(@CurrentUser() user: AuthUser, @Body() body: SetPresenceDto): Promise<PresenceView> {
    return this.presence.setOwn(user, body.status, body.reason);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'States of the people I work with',
    description:
      "With teamId: that team's members (a team you may not read is 404). Admins see everyone.",
  })
  @ApiEnvelope(PresenceViewDto, { description: 'States by name', isArray: true })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: AuthUser, @Query() query: PresenceQueryDto): Promise<PresenceView[]> {
    return this.presence.list(user, query.teamId);
  }

  @Get('break-reasons')
  @Authenticated()
  @ApiOperation({ summary: 'Break reasons' })
  @ApiEnvelope(BreakReasonViewDto, { description: 'Break reasons in display order', isArray: true })
  @ApiErrors(400)
  breakReasons(
    @CurrentUser() user: AuthUser,
    @Query() query: BreakReasonsQueryDto,
  ): Promise<BreakReasonView[]> {
    return this.presence.breakReasons(user.role === Role.Admin && (query.includeInactive ?? false));
  }

  @Post('break-reasons')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Add a break reason (admin)' })
  @ApiEnvelope(BreakReasonViewDto, { status: HttpStatus.CREATED, description: 'Added' })
  @ApiErrors(400, 409)
  createBreakReason(@Body() body: CreateBreakReasonDto): Promise<BreakReasonView> {
    return this.presence.createBreakReason(body.code, body.label);
  }

  @Patch('break-reasons/:code')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Rename or retire a break reason (admin)' })
  @ApiEnvelope(BreakReasonViewDto, { description: 'Updated' })
  @ApiErrors(400, 404, 409)
  updateBreakReason(
    @Param('code') code: string,
    @Body() body: UpdateBreakReasonDto,
  ): Promise<BreakReasonView> {
    return this.presence.updateBreakReason(code, body);
  }

  @Put(':userId')
  @Authenticated({ permission: Permission.PresenceForce })
  @ApiOperation({
    summary: "Force an agent offline or on a break (their team's supervisors, admins)",
  })
  @ApiEnvelope(PresenceViewDto, { description: "The agent's state" })
  @ApiErrors(400, 404, 409)
  force(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: SetPresenceDto,
  ): Promise<PresenceView> {
    return this.presence.force(user, userId, body.status, body.reason);
  }
}
