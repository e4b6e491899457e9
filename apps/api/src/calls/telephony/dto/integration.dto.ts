import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

import {
  CreateIntegrationRequest,
  IntegrationView,
  IntegrationWithSecretView,
  UpdateIntegrationRequest,
  WEBHOOK_DELIVERY_STATUSES,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
} from '@poscalls4u/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// No TLD required: a PBX often sits on the private network (`http://pbx.internal:8080/...`).
const WEBHOOK_URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};
const WEBHOOK_URL_MESSAGE = 'webhookUrl must be an http(s) URL';

export class CreateIntegrationDto implements CreateIntegrationRequest {
  /** @example "Asterisk HQ" */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  /** Where agents' actions are posted (signed); omit when the PBX takes no actions. @example "https://pbx.example.com/poscalls4u/webhook" */
  @IsOptional()
  @IsUrl(WEBHOOK_URL_OPTIONS, { message: WEBHOOK_URL_MESSAGE })
  @MaxLength(2000)
  webhookUrl?: string;
}

export class UpdateIntegrationDto implements UpdateIntegrationRequest {
  /** @example "Asterisk HQ" */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name?: string;

  /** null removes the webhook. @example "https://pbx.example.com/poscalls4u/webhook" */
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_object, value) => value !== null && value !== undefined)
  @IsUrl(WEBHOOK_URL_OPTIONS, { message: WEBHOOK_URL_MESSAGE })
  @MaxLength(2000)
  webhookUrl?: string | null;

  /** false stops both directions: call events are refused, webhook actions dropped. @example true */
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class IntegrationViewDto implements IntegrationView {
  /** @example "0b7e0c3e-5d1a-4a57-9d43-3f0f2c1e8a11" */
  id!: string;
  /** @example "Asterisk HQ" */
  name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://pbx.example.com/poscalls4u/webhook',
  })
  webhookUrl!: string | null;
  /** @example true */
  isActive!: boolean;
  /** @example "2026-11-25T08:00:00.000Z" */
  createdAt!: string;
  /** Where the PBX posts its call events. @example "https://calls.example.com/api/integrations/0b7e0c3e-5d1a-4a57-9d43-3f0f2c1e8a11/call-events" */
  callEventsUrl!: string;
}

export class IntegrationWithSecretViewDto
  extends IntegrationViewDto
  implements IntegrationWithSecretView
{
  /** The shared HMAC secret. Shown only in this answer: store it in the PBX now. @example "5f0c1d2e3b4a59687f8e9dacbbcadef00112233445566778899aabbccddeeff0" */
  secret!: string;
}

export class WebhookDeliveryViewDto implements WebhookDeliveryView {
  /** @example "9a1f0c2e-7d3b-4e8a-b1c2-3d4e5f6a7b8c" */
  id!: string;
  /** @example "0b7e0c3e-5d1a-4a57-9d43-3f0f2c1e8a11" */
  integrationId!: string;
  /** The action's id (the PBX de-duplicates on it). @example "4f2d6a1b-8c3e-4d5f-9a7b-1c2d3e4f5a6b" */
  actionId!: string;
  /** The command posted. @example "call.hold" */
  command!: string;
  /** @example "7c9e6679-7425-40de-944b-e07fc1f90ae7" */
  callId!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'retrying' })
  status!: WebhookDeliveryStatus;
  /** Tries so far. @example 3 */
  attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: 'answered 503' })
  lastError!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 503 })
  responseCode!: number | null;
  /** @example "2026-12-07T09:30:00.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-07T09:30:06.000Z' })
  lastAttemptAt!: string | null;
}
