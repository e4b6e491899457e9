import { HttpStatus, Type, applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  type ApiResponseSchemaHost,
  getSchemaPath,
} from '@nestjs/swagger';

import { DEFAULT_PAGE_SIZE, ErrorCode } from '@poscalls4u/contracts';

import { ErrorEnvelopeDto } from './api-error.dto';

type SchemaObject = ApiResponseSchemaHost['schema'];

interface EnvelopeOptions {
  status?: HttpStatus;
  description: string;
  /**
   * The name of the single resource in `data` (`data.team`, `data.call`): how the brief's
   * clients read it. Omitted for the results that are already an object of their own
   * (sign-in's `{ token, user }`, a message, `{ results }`).
   */
  key?: string;
  /** With `key`: the resource may be null (`data.call` of `GET /api/calls/current`). */
  nullable?: boolean;
  /**
   * A list: `data` is `{ items, total, page, pageSize }`; `'cursor'` adds `nextCursor` for the
   * lists that also page by cursor.
   */
  page?: true | 'cursor';
}

/**
 * Documents a successful answer exactly as it is sent: `{ success: true, data: <model> }`,
 * `{ success: true, data: { <key>: <model> } }`, or a page of `<model>` items.
 */
export function ApiEnvelope(model: Type<unknown>, options: EnvelopeOptions) {
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
          data: dataSchema(model, options),
        },
      },
    }),
  );
}

function dataSchema(model: Type<unknown>, options: EnvelopeOptions): SchemaObject {
  const ref = { $ref: getSchemaPath(model) };
  if (options.page) return pageSchema(ref, options.page === 'cursor');
  if (!options.key) return ref;
  return {
    type: 'object',
    required: [options.key],
    properties: {
      [options.key]: options.nullable ? { nullable: true, allOf: [ref] } : ref,
    },
  };
}

function pageSchema(item: { $ref: string }, cursor: boolean): SchemaObject {
  const required = ['items', 'total', 'page', 'pageSize'];
  const properties: Record<string, SchemaObject> = {
    items: { type: 'array', items: item },
    total: {
      type: 'integer',
      description: 'Items matching the query, on all pages.',
      example: 42,
    },
    page: {
      type: 'integer',
      description: 'The page this answer holds (1-based).',
      example: 1,
    },
    pageSize: { type: 'integer', description: 'Items per page.', example: DEFAULT_PAGE_SIZE },
  };
  if (cursor) {
    required.push('nextCursor');
    properties['nextCursor'] = {
      type: 'string',
      nullable: true,
      description:
        'Pass it as `cursor` to read the next page; null on the last page. Opaque: keep it as it came.',
      example:
        'WyJjYWxscyIsMiwiMjAyNi0xMS0yNVQwOTozMDowMC4xMjM0NTZaIiwiOWIyZjZjMWUtNGQzYS00ZjViLThjN2QtMWUyZjNhNGI1YzZkIl0',
    };
  }
  return { type: 'object', required, properties };
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
  503: {
    code: ErrorCode.ServiceUnavailable,
    message: 'The service is unavailable. Try again later.',
    description:
      'The database is unavailable, or this instance has too much work waiting; `Retry-After` says how many seconds to wait',
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
