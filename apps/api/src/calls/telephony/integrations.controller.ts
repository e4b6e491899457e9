import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  RawBodyRequest,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';

import {
  IngestResult,
  IntegrationResult,
  IntegrationView,
  IntegrationWithSecretResult,
  Page,
  Role,
  SIGNATURE_HEADER,
  WebhookDeliveryResult,
  WebhookDeliveryView,
} from '@poscalls4u/contracts';

import { AuthUser } from '../../identity/access';
import { Authenticated, CurrentUser, Public } from '../../identity/access';
import {
  ApiEnvelope,
  ApiErrors,
  PageQueryDto,
  ShedWhenOverloaded,
  pageOf,
} from '../../platform/http';
import { MAX_EVENTS_PER_REQUEST } from './call-event-parsing';
import { IngestResultDto, PbxCallEventDto } from './dto/call-event.dto';
import {
  CreateIntegrationDto,
  IntegrationViewDto,
  IntegrationWithSecretViewDto,
  UpdateIntegrationDto,
  WebhookDeliveryViewDto,
} from './dto/integration.dto';
import { IntegrationsService } from './integrations.service';

@ApiTags('integrations')
@Controller('integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Telephony integrations (admin)' })
  @ApiEnvelope(IntegrationViewDto, { description: 'Integrations by name, one page', page: true })
  @ApiErrors(400)
  async list(@Query() query: PageQueryDto): Promise<Page<IntegrationView>> {
    return pageOf(await this.integrations.list(), query);
  }

  @Post()
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: 'Register a telephony integration (admin)',
    description:
      'Answers with the shared secret, which is shown only here (and on rotation): store it in the PBX at once.',
  })
  @ApiEnvelope(IntegrationWithSecretViewDto, {
    key: 'integration',
    status: HttpStatus.CREATED,
    description: 'Created, with its secret',
  })
  @ApiErrors(400)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateIntegrationDto,
  ): Promise<IntegrationWithSecretResult> {
    return { integration: await this.integrations.create(user, body) };
  }

  @Get(':id')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'A telephony integration (admin); never its secret' })
  @ApiEnvelope(IntegrationViewDto, { key: 'integration', description: 'The integration' })
  @ApiErrors(400, 404)
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<IntegrationResult> {
    return { integration: await this.integrations.get(id) };
  }

  @Patch(':id')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({ summary: 'Rename, change the webhook, (re)activate (admin)' })
  @ApiEnvelope(IntegrationViewDto, { key: 'integration', description: 'Updated' })
  @ApiErrors(400, 404)
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateIntegrationDto,
  ): Promise<IntegrationResult> {
    return { integration: await this.integrations.update(id, body) };
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: 'Replace the shared secret (admin)',
    description:
      'The old secret stops signing webhooks at once and verifying call events at once on this API instance (within 5 s on other instances, which cache it that long). The new one is shown only here.',
  })
  @ApiEnvelope(IntegrationWithSecretViewDto, {
    key: 'integration',
    description: 'The integration with its new secret',
  })
  @ApiErrors(400, 404)
  async rotateSecret(
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<IntegrationWithSecretResult> {
    return { integration: await this.integrations.rotateSecret(id) };
  }

  @Delete(':id')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: 'Deactivate an integration (admin)',
    description:
      'Kept, with its calls: its call events are refused (401; within 5 s on other API instances) and its webhook actions dropped until PATCH isActive=true.',
  })
  @ApiEnvelope(IntegrationViewDto, { key: 'integration', description: 'Deactivated' })
  @ApiErrors(400, 404)
  async deactivate(@Param('id', new ParseUUIDPipe()) id: string): Promise<IntegrationResult> {
    return { integration: await this.integrations.deactivate(id) };
  }

  @Get(':id/deliveries')
  @Authenticated({ role: Role.Admin })
  @ApiOperation({
    summary: "The commands posted to an integration's webhook (admin)",
    description:
      'Newest first: each command (hold, dial, transfer...) with its status, tries, last error and HTTP answer.',
  })
  @ApiEnvelope(WebhookDeliveryViewDto, { description: 'One page of deliveries', page: true })
  @ApiErrors(400, 404)
  deliveries(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.integrations.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @Authenticated({ role: Role.Admin })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send a failed or dropped command again (admin)',
    description:
      'Queued again with the usual retries, with the same action id (the PBX de-duplicates on it). 409 while it is pending or retrying, or once delivered.',
  })
  @ApiEnvelope(WebhookDeliveryViewDto, { key: 'delivery', description: 'Queued again' })
  @ApiErrors(400, 404, 409)
  async retryDelivery(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string,
  ): Promise<WebhookDeliveryResult> {
    return { delivery: await this.integrations.retryDelivery(id, deliveryId) };
  }

  /**
   * The PBX's door: no user token, the signature authenticates. Outside the global rate limit:
   * a busy PBX posts from one address all day, and an unsigned request costs one HMAC and one
   * indexed read before it is refused.
   */
  @Post(':id/call-events')
  @HttpCode(HttpStatus.OK)
  @Public()
  @SkipThrottle({ global: true })
  @ShedWhenOverloaded()
  @ApiOperation({
    summary: 'Post call events from the PBX (signed; see docs/integrations.md)',
    description: `One event or an array of 1-${MAX_EVENTS_PER_REQUEST}, applied in the order they happened (\`occurredAt\`; the order sent when equal) and answered in the order sent. Idempotent by event id: a repeated id is answered \`duplicate\` and not applied again. An event for a call already finished is answered \`ignored\`. A body with any invalid event is refused whole (400) and nothing is applied. 401 for a missing or bad signature, a timestamp more than 300 s away, or an unknown or inactive integration.`,
  })
  @ApiHeader({
    name: 'X-PosCalls-Signature',
    required: true,
    description:
      '`t=<unix seconds>,v1=<hex>` with v1 = hex(HMAC-SHA256(secret, "<t>.<raw body>")); several v1 values are accepted.',
    example: 't=1795600800,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  })
  @ApiExtraModels(PbxCallEventDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(PbxCallEventDto) },
        {
          type: 'array',
          items: { $ref: getSchemaPath(PbxCallEventDto) },
          minItems: 1,
          maxItems: MAX_EVENTS_PER_REQUEST,
        },
      ],
    },
  })
  @ApiEnvelope(IngestResultDto, { description: 'One result per event, in order' })
  @ApiErrors(400, 401, 413, 503)
  ingest(
    @Param('id') id: string,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
  ): Promise<IngestResult> {
    return this.integrations.ingest(
      id,
      signature,
      request.rawBody ?? Buffer.alloc(0),
      request.body as unknown,
    );
  }
}
