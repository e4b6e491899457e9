import { Injectable } from '@nestjs/common';

import { DispositionView } from '@poscalls4u/contracts';

import { AppException } from '../../platform/http';
import { toDispositionView } from '../core/call-views';
import { DispositionsRepository } from './dispositions.repository';

/** How calls end, chosen at wrap-up; admins keep the list. Retired codes stay on old calls. */
@Injectable()
export class DispositionsService {
  constructor(private readonly repository: DispositionsRepository) {}

  async list(includeInactive: boolean): Promise<DispositionView[]> {
    return (await this.repository.list(includeInactive)).map(toDispositionView);
  }

  async create(input: {
    code: string;
    label: string;
    isSuccess?: boolean;
  }): Promise<DispositionView> {
    const created = await this.repository.insert({
      code: input.code,
      label: input.label,
      isSuccess: input.isSuccess ?? false,
    });
    if (!created) throw AppException.conflict('A disposition with this code already exists.');
    return toDispositionView(created);
  }

  async update(
    code: string,
    changes: { label?: string; isSuccess?: boolean; isActive?: boolean },
  ): Promise<DispositionView> {
    if (Object.values(changes).every((value) => value === undefined)) {
      throw AppException.validation('The request is invalid.', [
        { field: 'body', messages: ['give at least one of label, isSuccess, isActive'] },
      ]);
    }
    const updated = await this.repository.update(code, changes);
    if (!updated) throw AppException.notFound('No such disposition.');
    return toDispositionView(updated);
  }
}
