import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import {
  CreateDispositionRequest,
  DispositionView,
  ListDispositionsQuery,
  UpdateDispositionRequest,
} from '@poscalls4u/contracts';

import { PageQueryDto } from '../../platform/http';

function trim({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

export class DispositionViewDto implements DispositionView {
  /** @example "resolved" */
  code!: string;
  /** @example "Resolved" */
  label!: string;
  /** Counts as a success in the success rate. @example true */
  isSuccess!: boolean;
  /** Retired codes stay on past calls but cannot be chosen. @example true */
  isActive!: boolean;
}

export class DispositionsQueryDto extends PageQueryDto implements ListDispositionsQuery {
  /** Admins: include retired dispositions. @example false */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  includeInactive?: boolean;
}

export class DispositionCodeParamDto {
  /** @example "resolved" */
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'code must be 2-40 lower-case letters, digits or underscores',
  })
  code!: string;
}

export class CreateDispositionDto implements CreateDispositionRequest {
  /** Lower-case letters, digits and underscores. @example "upsell" */
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'code must be 2-40 lower-case letters, digits or underscores',
  })
  code!: string;

  /** @example "Upsell" */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  label!: string;

  /** Counts as a success (default false). @example true */
  @IsOptional()
  @IsBoolean()
  isSuccess?: boolean;
}

export class UpdateDispositionDto implements UpdateDispositionRequest {
  /** @example "Upsell made" */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  label?: string;

  /** @example false */
  @IsOptional()
  @IsBoolean()
  isSuccess?: boolean;

  /** Retire a disposition (no longer offered at wrap-up) or bring it back. @example false */
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
