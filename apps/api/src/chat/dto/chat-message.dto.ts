import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import {
  CHAT_LIMITS,
  ChatMessageView,
  ChatReadResult,
  EditChatMessageRequest,
  ListChatMessagesQuery,
  MarkChatReadRequest,
  SendChatMessageRequest,
} from '@poscalls4u/contracts';

import { CursorPageQueryDto } from '../../platform/http';
import { CIPHERTEXT_EXAMPLE, IsOpaque, IsSessionId, SIGNATURE_EXAMPLE } from './opaque';

/** The largest counter a sender session may reach (PostgreSQL integer). */
const MAX_COUNTER = 2_147_483_647;

class ChatCiphertextFields {
  /**
   * Optional: the library's encrypted message carries its room; when sent, it must be the path's.
   * @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c"
   */
  @IsOptional()
  @IsUUID('all', { message: 'roomId must be a room id' })
  roomId?: string;

  /** One of your registered, not revoked devices. @example "7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f" */
  @IsUUID('all', { message: 'senderDeviceId must be a device id' })
  senderDeviceId!: string;

  /** The sending device's sender session in this room. @example "s3ss10n-k3y-1d" */
  @IsSessionId()
  sessionId!: string;

  /** The message's position in the session; never reused (409). @example 0 */
  @IsInt()
  @Min(0)
  @Max(MAX_COUNTER)
  counter!: number;

  /** XChaCha20-Poly1305 ciphertext, base64url, at most 24 KB. */
  @IsOpaque(CHAT_LIMITS.ciphertextBytes, CIPHERTEXT_EXAMPLE)
  ciphertext!: string;

  /** The sending device's Ed25519 signature of the ciphertext, base64url. */
  @IsOpaque(CHAT_LIMITS.signatureBytes, SIGNATURE_EXAMPLE)
  signature!: string;
}

export class SendChatMessageDto extends ChatCiphertextFields implements SendChatMessageRequest {
  /** Chosen by the client: sending it again answers the stored message (200), never a copy. @example "2b1f0e3d-4c5b-4a69-8f7e-6d5c4b3a2f10" */
  @IsUUID('all', { message: 'clientMessageId must be a uuid' })
  clientMessageId!: string;

  /** Members to notify by a notification without text. */
  @ApiPropertyOptional({ type: [String], example: ['9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CHAT_LIMITS.mentionsPerMessage)
  @IsUUID('all', { each: true, message: 'mentions must hold user ids' })
  mentions?: string[];
}

export class EditChatMessageDto extends ChatCiphertextFields implements EditChatMessageRequest {}

export class ListChatMessagesQueryDto extends CursorPageQueryDto implements ListChatMessagesQuery {
  /**
   * The previous page's `nextCursor`: the messages before (older than) it. Same as `cursor`.
   * @example "WyJjaGF0LW1lc3NhZ2VzIiwyLCIyMDI2LTExLTI1VDA5OjMwOjAwLjEyMzQ1NloiLCI5YjJmNmMxZS00ZDNhLTRmNWItOGM3ZC0xZTJmM2E0YjVjNmQiXQ"
   */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  before?: string;
}

export class MarkChatReadDto implements MarkChatReadRequest {
  /** The newest message you have read. @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  @IsUUID('all', { message: 'messageId must be a message id' })
  messageId!: string;
}

export class ChatMessageViewDto implements ChatMessageView {
  /** @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  id!: string;
  /** @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c" */
  roomId!: string;
  /** @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  senderUserId!: string;
  /** @example "7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f" */
  senderDeviceId!: string;
  /** @example "s3ss10n-k3y-1d" */
  sessionId!: string;
  /** @example 0 */
  counter!: number;
  /** @example "2b1f0e3d-4c5b-4a69-8f7e-6d5c4b3a2f10" */
  clientMessageId!: string;
  /** Null once deleted. */
  @ApiProperty({ type: String, nullable: true, example: CIPHERTEXT_EXAMPLE })
  ciphertext!: string | null;
  /** Null once deleted. */
  @ApiProperty({ type: String, nullable: true, example: SIGNATURE_EXAMPLE })
  signature!: string | null;
  /** @example "2026-11-25T09:41:00.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  editedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  deletedAt!: string | null;
}

export class ChatReadResultDto implements ChatReadResult {
  /** @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c" */
  roomId!: string;
  /** @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  messageId!: string;
  /** Your unread count in the room now. @example 0 */
  unread!: number;
}
