import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  Page,
  Permission,
  ReportDeliveryResult,
  ReportPreviewResult,
  ReportScheduleResult,
  ReportScheduleView,
} from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors } from '../../platform/http';
import {
  ReportDeliveryViewDto,
  ReportPreviewDto,
  ReportScheduleDto,
  ReportScheduleViewDto,
} from './dto/report-schedules.dto';
import { ReportSchedulesService } from './report-schedules.service';

const WHO =
  "Admins: every schedule; supervisors: the schedules whose every team they hold `reports:schedule` in (a team's supervisors by default). Anyone else's schedule is 404.";

@ApiTags('workforce')
@Controller('workforce/report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportSchedulesService) {}

  @Get()
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({
    summary: 'Scheduled reports you manage, with their latest deliveries',
    description: WHO,
  })
  @ApiEnvelope(ReportScheduleViewDto, { description: 'The schedules', page: true })
  async list(@CurrentUser() user: AuthUser): Promise<Page<ReportScheduleView>> {
    const items = await this.schedules.list(user);
    return { items, total: items.length, page: 1, pageSize: Math.max(items.length, 1) };
  }

  @Post()
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({
    summary: 'Schedule a team summary by email',
    description:
      'Daily, or weekly on `weekday`, at `localTime` in `timeZone` (daylight-saving days included: a time the clocks skip runs after the gap, a repeated one once). Each run mails the KPIs of the local day (or 7 days) before it, with the CSV attached, to every recipient; each email has a signed unsubscribe link. Every team must be one you hold `reports:schedule` in: another team is 404, one whose security profile withholds it 403.',
  })
  @ApiEnvelope(ReportScheduleViewDto, {
    key: 'schedule',
    status: HttpStatus.CREATED,
    description: 'Created',
  })
  @ApiErrors(400, 404)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: ReportScheduleDto,
  ): Promise<ReportScheduleResult> {
    return { schedule: await this.schedules.create(user, body) };
  }

  @Get(':id')
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({ summary: 'One scheduled report', description: WHO })
  @ApiEnvelope(ReportScheduleViewDto, { key: 'schedule', description: 'The schedule' })
  @ApiErrors(400, 404)
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReportScheduleResult> {
    return { schedule: await this.schedules.get(user, id) };
  }

  @Put(':id')
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({
    summary: 'Change a scheduled report (the whole schedule)',
    description: `${WHO} The new teams follow the rules of creation. A period already delivered is not sent again.`,
  })
  @ApiEnvelope(ReportScheduleViewDto, { key: 'schedule', description: 'The schedule now' })
  @ApiErrors(400, 404)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReportScheduleDto,
  ): Promise<ReportScheduleResult> {
    return { schedule: await this.schedules.update(user, id, body) };
  }

  @Delete(':id')
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({ summary: 'Delete a scheduled report and its delivery history', description: WHO })
  @ApiEnvelope(ReportScheduleViewDto, { key: 'schedule', description: 'The deleted schedule' })
  @ApiErrors(400, 404)
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReportScheduleResult> {
    const schedule = await this.schedules.get(user, id);
    await this.schedules.remove(user, id);
    return { schedule };
  }

  @Post(':id/preview')
  @HttpCode(HttpStatus.OK)
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({
    summary: 'Preview a scheduled report',
    description: `What the latest run would mail (its period, the lines and the CSV); nothing is sent. ${WHO}`,
  })
  @ApiEnvelope(ReportPreviewDto, { key: 'preview', description: 'The report' })
  @ApiErrors(400, 404)
  async preview(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReportPreviewResult> {
    return { preview: await this.schedules.preview(user, id) };
  }

  @Post(':id/send-now')
  @HttpCode(HttpStatus.ACCEPTED)
  @Authenticated({ permission: Permission.ReportsSchedule })
  @ApiOperation({
    summary: 'Send a scheduled report now',
    description: `Mails the latest period's report to the recipients at once, as a manual delivery (recorded and retried like the scheduled ones; the scheduled run of that period still happens). The answer is the pending delivery. ${WHO}`,
  })
  @ApiEnvelope(ReportDeliveryViewDto, {
    key: 'delivery',
    status: HttpStatus.ACCEPTED,
    description: 'Queued',
  })
  @ApiErrors(400, 404)
  async sendNow(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReportDeliveryResult> {
    return { delivery: await this.schedules.sendNow(user, id) };
  }
}
