import { HttpStatus, Type, applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

import { ErrorCode } from '@poscalls4u/contracts';

import { ErrorEnvelopeDto } from './api-error.dto';

/** Documents a successful answer: `{ success: true, data: <model> }` (or `data: <model>[]`). */
export function ApiEnvelope(
  model: Type<unknown>,
  options: { status?: HttpStatus; description: string; isArray?: boolean },
) {
  const data = options.isArray
    ? { type: 'array', items: { $ref: getSchemaPath(model) } }
    : { $ref: getSchemaPath(model) };
  return applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: options.status ?? HttpStatus.OK,
      description: options.description,
      schema: {
        type: 'object',
        required: ['success', 'data'],
        properties: {
          success: { type: 'boolean', enum: [true], example: true },
          data,
        },
      },
    }),
  );
}

const ERROR_EXAMPLES: Record<number, { code: ErrorCode; message: string; description: string }> = {
  400: {
    code: ErrorCode.ValidationError,
    message: 'The request is invalid.',
    description: 'Invalid body, parameters or query',
  },
  401: {
    code: ErrorCode.Unauthorized,
    message: 'Authentication is required.',
    description: 'Missing, invalid or expired credentials',
  },
  403: {
    code: ErrorCode.Forbidden,
    message: 'You are not allowed to do this.',
    description: 'Authenticated but not allowed',
  },
  404: { code: ErrorCode.NotFound, message: 'Not found.', description: 'No such resource' },
  409: {
    code: ErrorCode.Conflict,
    message: 'Conflicts with the current state.',
    description: 'Conflict',
  },
  413: {
    code: ErrorCode.PayloadTooLarge,
    message: 'The request body is too large.',
    description: 'Body over the size limit',
  },
  429: {
    code: ErrorCode.RateLimited,
    message: 'Too many requests. Try again later.',
    description: 'Rate limit reached; `Retry-After` says how many seconds to wait',
  },
};

/** Documents error answers, all in the error envelope. */
export function ApiErrors(...statuses: (keyof typeof ERROR_EXAMPLES)[]) {
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ...statuses.map((status) => {
      const example = ERROR_EXAMPLES[status];
      return ApiResponse({
        status,
        description: example?.description,
        schema: {
          allOf: [{ $ref: getSchemaPath(ErrorEnvelopeDto) }],
          example: { success: false, error: { code: example?.code, message: example?.message } },
        },
      });
    }),
  );
}
