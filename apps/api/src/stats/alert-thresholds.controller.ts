import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Permission, TeamAlertThresholdsResult } from '@poscalls4u/contracts';

import { AuthUser } from '../identity/access';
import { Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import { AlertsService } from './alerts.service';
import { TeamAlertThresholdsDto } from './dto/alert-thresholds.dto';

@ApiTags('stats')
@Controller('teams/:id/alert-thresholds')
export class AlertThresholdsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Authenticated({ permission: Permission.AlertsManage })
  @ApiOperation({
    summary: "A team's alert thresholds (its supervisors, admins)",
    description:
      "Defaults until set: today's service level below the team's target, a call waiting over 60 s, an agent on a break over 15 minutes. Null: that alert is off.",
  })
  @ApiEnvelope(TeamAlertThresholdsDto, { key: 'thresholds', description: 'The thresholds' })
  @ApiErrors(400, 404)
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<TeamAlertThresholdsResult> {
    return { thresholds: await this.alerts.thresholds(user, id) };
  }

  @Put()
  @Authenticated({ permission: Permission.AlertsManage })
  @ApiOperation({
    summary: "Set a team's alert thresholds (its supervisors, admins)",
    description: 'Omitted fields keep their value; null turns an alert off.',
  })
  @ApiEnvelope(TeamAlertThresholdsDto, { key: 'thresholds', description: 'The thresholds now' })
  @ApiErrors(400, 404)
  async put(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TeamAlertThresholdsDto,
  ): Promise<TeamAlertThresholdsResult> {
    return { thresholds: await this.alerts.updateThresholds(user, id, body) };
  }
}
