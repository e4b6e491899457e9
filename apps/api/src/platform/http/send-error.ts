import { Request, Response } from 'express';

import { ErrorCode, ErrorEnvelope, ValidationIssue } from '@poscalls4u/contracts';

/** An error envelope sent straight from Express middleware (before Nest's filter can act). */
export function sendError(
  response: Response,
  request: Request,
  status: number,
  code: ErrorCode,
  message: string,
  details?: ValidationIssue[],
): void {
  const requestId =
    typeof (request as { id?: unknown }).id === 'string'
      ? (request as { id: string }).id
      : undefined;
  const body: ErrorEnvelope = { success: false, error: { code, message, details, requestId } };
  response.status(status).json(body);
}
