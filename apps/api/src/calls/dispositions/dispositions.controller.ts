import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { DispositionResult, DispositionView, Page, Role } from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { Authenticated, CurrentUser } from '../../identity/access';
import { ApiEnvelope, ApiErrors, pageOf } from '../../platform/http';
import {
  CreateDispositionDto,
  DispositionCodeParamDto,
  DispositionViewDto,
  DispositionsQueryDto,
  UpdateDispositionDto,
} from './dispositions.dto';
import { DispositionsService } from './dispositions.service';

@ApiTags('calls')
@Controller('dispositions')
export class DispositionsController {
  constructor(private readonly dispositions: DispositionsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Dispositions',
    description: 'The codes a call can be wrapped up with; admins may ask for retired ones too.',
  })
  @ApiEnvelope(DispositionViewDto, {
    description: 'Dispositions in display order, one page',
    page: true,
  })
  @ApiErrors(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: DispositionsQueryDto,
  ): Promise<Page<DispositionView>> {
    const includeInactive = user.role === Role.Admin && (query.includeInactive ?? false);
    return pageOf(await this.dispositions.list(includeInactive), query);
  }

  @Post()
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Add a disposition (admin)' })
  @ApiEnvelope(DispositionViewDto, {
    key: 'disposition',
    status: HttpStatus.CREATED,
    description: 'Added',
  })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateDispositionDto): Promise<DispositionResult> {
    return { disposition: await this.dispositions.create(body) };
  }

  @Patch(':code')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Rename, re-score or retire a disposition (admin)' })
  @ApiEnvelope(DispositionViewDto, { key: 'disposition', description: 'Updated' })
  @ApiErrors(400, 404)
  async update(
    @Param() params: DispositionCodeParamDto,
    @Body() body: UpdateDispositionDto,
  ): Promise<DispositionResult> {
    return { disposition: await this.dispositions.update(params.code, body) };
  }
}
