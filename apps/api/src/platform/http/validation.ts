import { ValidationError, ValidationPipe } from '@nestjs/common';

import { ValidationIssue } from '@poscalls4u/contracts';

import { AppException } from './app.exception';

/**
 * The global validation pipe: strips nothing silently — unknown fields are refused —
 * and converts plain JSON into the DTO classes so their types hold.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      AppException.validation('The request is invalid.', flattenValidationErrors(errors)),
  });
}

/** class-validator's nested errors as a flat list of `{ field, messages }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ValidationIssue[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: ValidationIssue[] = error.constraints
      ? [{ field: field || 'body', messages: Object.values(error.constraints) }]
      : [];
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}
