import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_PAGE_SIZE } from '@poscalls4u/contracts';

/**
 * The last page anyone may ask for. Without a bound, `page=99999999999999999999` passed as an
 * integer (1e20) and its offset overflowed the database's bigint: a 500.
 */
const MAX_PAGE = 1_000_000;

/** `page` and `pageSize` of every paged list; a list's query DTO extends it with its filters. */
export class PageQueryDto {
  /**
   * 1-based page number (at most 1,000,000).
   * @example 1
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  /**
   * Items per page (default 25, at most 100).
   * @example 25
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** `x=a,b` and `x=a&x=b` both become `['a', 'b']` (a query filter that takes several values). */
export function toList({ value }: { value: unknown }): unknown {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) return value;
  return (parts as string[]).flatMap((part) => part.split(',')).map((part) => part.trim());
}

/** Query strings only carry text: `true`/`false` become booleans, anything else stays and fails. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
