import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import {
  CursorPageQuery,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  Page,
  PageQuery,
} from '@poscalls4u/contracts';

/**
 * The last page anyone may ask for. Without a bound, `page=99999999999999999999` passed as an
 * integer (1e20) and its offset overflowed the database's bigint: a 500.
 */
const MAX_PAGE = 1_000_000;

/** `page` and `pageSize` of every list; a list's query DTO extends it with its filters. */
export class PageQueryDto implements PageQuery {
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

/** `cursor` beside `page`/`pageSize`: the lists that also page by cursor (calls, audit). */
export class CursorPageQueryDto extends PageQueryDto implements CursorPageQuery {
  /**
   * The previous answer's `nextCursor`, to read the page after it (`page` is then ignored).
   * @example "WyJjYWxscyIsMiwiMjAyNi0xMS0yNVQwOTozMDowMC4xMjM0NTZaIiwiOWIyZjZjMWUtNGQzYS00ZjViLThjN2QtMWUyZjNhNGI1YzZkIl0"
   */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** The page and page size a query asks for, defaults applied, and the rows to skip. */
export function pageWindow(query: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * One page of a list read whole: for the lists bounded by the organisation's size (its teams,
 * agents, codes and integrations, one user's sessions), where one query and a slice cost less
 * than a count and a windowed query.
 */
export function pageOf<T>(items: readonly T[], query: PageQuery): Page<T> {
  const { page, pageSize, offset } = pageWindow(query);
  return { items: items.slice(offset, offset + pageSize), total: items.length, page, pageSize };
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
