import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuditEventView, Page, Role } from '@poscalls4u/contracts';

import { AuditService } from '../../../platform/audit';
import { AuditEventPageDto } from '../../../platform/audit';
import { ListAuditEventsQueryDto } from '../../../platform/audit';
import { ApiEnvelope, ApiErrors } from '../../../platform/http';
import { Authenticated } from '../../access/auth.decorators';

@ApiTags('audit')
@Controller('audit')
@Authenticated({ role: Role.Admin })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Read the audit log',
    description:
      'Security and admin events, newest first, filtered by user (actor or target), action, outcome and time range; paginated.',
  })
  @ApiEnvelope(AuditEventPageDto, { description: 'One page of audit events' })
  @ApiErrors(400)
  list(@Query() query: ListAuditEventsQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query);
  }
}
