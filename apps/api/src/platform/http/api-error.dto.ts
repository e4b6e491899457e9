import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ApiError, ErrorCode, ErrorEnvelope, ValidationIssue } from '@poscalls4u/contracts';

export class ValidationIssueDto implements ValidationIssue {
  /** @example "email" */
  field!: string;
  /** @example ["email must be an email"] */
  messages!: string[];
}

export class ApiErrorDto implements ApiError {
  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.ValidationError })
  code!: ErrorCode;
  /** @example "The request is invalid." */
  message!: string;
  @ApiPropertyOptional({ type: [ValidationIssueDto] })
  details?: ValidationIssueDto[];
  /** The request id, to quote when reporting a problem. @example "0b6c2c1e-5d0f-4c1e-9f43-3a4b5c6d7e8f" */
  requestId?: string;
}

export class ErrorEnvelopeDto implements ErrorEnvelope {
  @ApiProperty({ enum: [false], example: false })
  success!: false;
  error!: ApiErrorDto;
}
