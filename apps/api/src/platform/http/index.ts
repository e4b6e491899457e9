export { ApiEnvelope, ApiErrors } from './api-envelope';
export { AppException } from './app.exception';
export { timeIdPage, timeIdWindow } from './cursor';
export { answerUnknownRoutes, useJsonBodies } from './body-parsing';
export { answerUnparsableRequests } from './client-errors';
export { EnvelopeInterceptor, RawResponse } from './envelope.interceptor';
export { HttpExceptionFilter } from './http-exception.filter';
export {
  CursorPageQueryDto,
  PageQueryDto,
  pageOf,
  pageWindow,
  toBoolean,
  toList,
} from './page-query.dto';
export { ClientContext } from './request-context';
export type { RequestContext } from './request-context';
export { assignRequestIds } from './request-id';
export { createValidationPipe, flattenValidationErrors } from './validation';
export { ConnectionDrainer } from './connection-drainer';
export { ShedWhenOverloaded } from './shed-when-overloaded';
