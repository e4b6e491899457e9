export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { AuditEventViewDto } from './dto/audit-event-view.dto';
export { ListAuditEventsQueryDto } from './dto/list-audit-events-query.dto';
