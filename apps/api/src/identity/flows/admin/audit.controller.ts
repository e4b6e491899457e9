import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuditEventView, CursorPage, Role } from '@poscalls4u/contracts';

import { AuditService } from '../../../platform/audit';
import { AuditEventViewDto } from '../../../platform/audit';
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
      "Security and admin events, newest first, filtered by user (actor or target), action, outcome and time range. Page by `page`, or by `cursor`: pass the previous answer's `nextCursor` (a cursor this list did not write is 400 VALIDATION_ERROR).",
  })
  @ApiEnvelope(AuditEventViewDto, { description: 'One page of audit events', page: 'cursor' })
  @ApiErrors(400)
  list(@Query() query: ListAuditEventsQueryDto): Promise<CursorPage<AuditEventView>> {
    return this.audit.list(query);
  }
}
