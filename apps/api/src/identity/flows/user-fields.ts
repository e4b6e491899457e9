import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/*
 * The validators of the user fields, written once for the requests that carry them (sign-up,
 * sign-in, invitation, the email-only forms). The Swagger plugin reads limits only from
 * validators written on the property itself, so each decorator states them for the document
 * too. The profile change keeps its optional name's validators on the property: a documenting
 * decorator there would move `name` ahead of `avatarUrl` in the committed OpenAPI document.
 */

/** A person's name: trimmed, 1 to 100 characters. */
export function UserName(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(1, { message: 'name must not be empty' }),
    MaxLength(100),
    ApiProperty({ minLength: 1, maxLength: 100 }),
  );
}

/** An email address: trimmed, at most 254 characters. */
export function UserEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsEmail({}, { message: 'email must be an email address' }),
    MaxLength(254),
    ApiProperty({ maxLength: 254, format: 'email' }),
  );
}
