import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { base64UrlLength } from '@poscalls4u/contracts';

/**
 * Unpadded base64url: groups of four characters, then two or three for a last partial group (a
 * single one cannot encode a byte).
 */
const BASE64URL = '^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$';

/**
 * An opaque base64url value (no padding) of at most `maxBytes` decoded bytes: the server checks
 * its shape and size only, never what it holds. Documents the same bounds in the OpenAPI schema.
 */
export function IsOpaque(maxBytes: number, example: string) {
  const maxChars = base64UrlLength(maxBytes);
  return applyDecorators(
    ApiProperty({
      type: String,
      example,
      minLength: 1,
      maxLength: maxChars,
      pattern: BASE64URL,
      description: `base64url without padding, at most ${maxBytes} bytes`,
    }),
    IsString(),
    MinLength(1),
    MaxLength(maxChars, {
      message: `$property must be at most ${maxBytes} bytes (${maxChars} base64url characters)`,
    }),
    Matches(new RegExp(BASE64URL), { message: '$property must be base64url without padding' }),
  );
}

/** A sender session id: a short token of base64url characters. */
export function IsSessionId() {
  return applyDecorators(
    IsString(),
    MinLength(1),
    MaxLength(128),
    Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be base64url characters' }),
  );
}

/* Examples for the documentation: values of the right shape and size, not real keys. */
export const CIPHERTEXT_EXAMPLE =
  'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w';
export const SIGNATURE_EXAMPLE =
  'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw';
export const PUBLIC_KEY_EXAMPLE = 'ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM';
