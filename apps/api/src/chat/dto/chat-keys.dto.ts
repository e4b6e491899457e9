import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import {
  AckChatMailboxRequest,
  AckChatMailboxResult,
  CHAT_LIMITS,
  ChatDeviceView,
  ChatIdentityView,
  ChatKeyBackupKdf,
  ChatKeyBackupView,
  ChatMailboxItemInput,
  ChatMailboxItemView,
  ChatUserKeysView,
  ListChatMailboxQuery,
  PostChatMailboxRequest,
  PostChatMailboxResult,
  PutChatIdentityRequest,
  PutChatKeyBackupRequest,
  RegisterChatDeviceRequest,
} from '@poscalls4u/contracts';

import { CursorPageQueryDto } from '../../platform/http';
import {
  CIPHERTEXT_EXAMPLE,
  IsOpaque,
  IsSessionId,
  PUBLIC_KEY_EXAMPLE,
  SIGNATURE_EXAMPLE,
} from './opaque';

export class PutChatIdentityDto implements PutChatIdentityRequest {
  /** Your Ed25519 identity public key (32 bytes, base64url). */
  @IsOpaque(CHAT_LIMITS.publicKeyBytes, PUBLIC_KEY_EXAMPLE)
  identityKey!: string;
}

export class ChatIdentityViewDto implements ChatIdentityView {
  /** @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  userId!: string;
  @ApiProperty({ example: PUBLIC_KEY_EXAMPLE })
  identityKey!: string;
  /** 1 for the first key; each replacement adds one. @example 1 */
  identityVersion!: number;
  /** @example "2026-11-25T09:30:00.000Z" */
  updatedAt!: string;
}

export class RegisterChatDeviceDto implements RegisterChatDeviceRequest {
  /**
   * Optional: the library's public device names its user; when sent, it must be you.
   * @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d"
   */
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a user id' })
  userId?: string;

  /** Chosen by the browser (uuid). @example "7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f" */
  @IsUUID('all', { message: 'deviceId must be a uuid' })
  deviceId!: string;
  /** The device's Ed25519 public key (32 bytes, base64url). */
  @IsOpaque(CHAT_LIMITS.publicKeyBytes, PUBLIC_KEY_EXAMPLE)
  signingKey!: string;
  /** The device's X25519 public key (32 bytes, base64url). */
  @IsOpaque(CHAT_LIMITS.publicKeyBytes, PUBLIC_KEY_EXAMPLE)
  encryptionKey!: string;
  /** Identity-key signature over `poscalls4u-device-v1|<userId>|<deviceId>|<signingKey>|<encryptionKey>`. */
  @IsOpaque(CHAT_LIMITS.signatureBytes, SIGNATURE_EXAMPLE)
  signature!: string;
}

export class ChatDeviceViewDto implements ChatDeviceView {
  /** @example "7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f" */
  deviceId!: string;
  /** @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  userId!: string;
  @ApiProperty({ example: PUBLIC_KEY_EXAMPLE })
  signingKey!: string;
  @ApiProperty({ example: PUBLIC_KEY_EXAMPLE })
  encryptionKey!: string;
  @ApiProperty({ example: SIGNATURE_EXAMPLE })
  signature!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt!: string | null;
}

export class ChatUserKeysViewDto implements ChatUserKeysView {
  /** @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  userId!: string;
  /** Null until the user set up chat. */
  @ApiProperty({ type: String, nullable: true, example: PUBLIC_KEY_EXAMPLE })
  identityKey!: string | null;
  /** 0 until the user set up chat. @example 1 */
  identityVersion!: number;
  /** Revoked devices included (`revokedAt` set). */
  @ApiProperty({ type: [ChatDeviceViewDto] })
  devices!: ChatDeviceViewDto[];
}

export class ChatMailboxItemInputDto implements ChatMailboxItemInput {
  /** An active device of a member of the room. @example "1e2d3c4b-5a69-4f8e-9d7c-6b5a4f3e2d1c" */
  @IsUUID('all', { message: 'toDeviceId must be a device id' })
  toDeviceId!: string;
  /** A room you are a member of. @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c" */
  @IsUUID('all', { message: 'roomId must be a room id' })
  roomId!: string;
  /** @example "s3ss10n-k3y-1d" */
  @IsSessionId()
  sessionId!: string;
  /** The sender session sealed to the device's X25519 key and signed, base64url, at most 4 KB. */
  @IsOpaque(CHAT_LIMITS.sealedBytes, CIPHERTEXT_EXAMPLE)
  sealed!: string;
}

export class PostChatMailboxDto implements PostChatMailboxRequest {
  @ApiProperty({ type: [ChatMailboxItemInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHAT_LIMITS.mailboxItemsPerPost)
  @ValidateNested({ each: true })
  @Type(() => ChatMailboxItemInputDto)
  items!: ChatMailboxItemInputDto[];
}

export class PostChatMailboxResultDto implements PostChatMailboxResult {
  /** @example 3 */
  stored!: number;
}

export class ListChatMailboxQueryDto extends CursorPageQueryDto implements ListChatMailboxQuery {
  /** One of your devices. @example "7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f" */
  @IsUUID('all', { message: 'deviceId must be a device id' })
  deviceId!: string;
}

export class ChatMailboxItemViewDto implements ChatMailboxItemView {
  /** @example "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d" */
  id!: string;
  /** @example "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  fromUserId!: string;
  /** @example "1e2d3c4b-5a69-4f8e-9d7c-6b5a4f3e2d1c" */
  fromDeviceId!: string;
  /** @example "3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c" */
  roomId!: string;
  /** @example "s3ss10n-k3y-1d" */
  sessionId!: string;
  @ApiProperty({ example: CIPHERTEXT_EXAMPLE })
  sealed!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  createdAt!: string;
}

export class AckChatMailboxDto implements AckChatMailboxRequest {
  /** The items you took. */
  @ApiProperty({ type: [String], example: ['4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'ids must hold mailbox item ids' })
  ids!: string[];
}

export class AckChatMailboxResultDto implements AckChatMailboxResult {
  /** @example 3 */
  deleted!: number;
}

export class ChatKeyBackupKdfDto implements ChatKeyBackupKdf {
  @ApiProperty({ enum: ['argon2id'], example: 'argon2id' })
  @Equals('argon2id', { message: 'kdf.algorithm must be argon2id' })
  algorithm!: 'argon2id';
  /** @example 65536 */
  @IsInt()
  @Min(8)
  @Max(4_194_304)
  memoryKiB!: number;
  /** @example 3 */
  @IsInt()
  @Min(1)
  @Max(100)
  iterations!: number;
  /** @example 1 */
  @IsInt()
  @Min(1)
  @Max(64)
  parallelism!: number;
  /** At least 16 random bytes, base64url. */
  @IsOpaque(64, 'AAECAwQFBgcICQoLDA0ODw')
  salt!: string;
}

export class PutChatKeyBackupDto implements PutChatKeyBackupRequest {
  /** The stored version + 1 (1 for the first backup); otherwise 409. @example 1 */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
  @ApiProperty({ type: ChatKeyBackupKdfDto })
  @IsObject({ message: 'kdf must be an object' })
  @ValidateNested()
  @Type(() => ChatKeyBackupKdfDto)
  kdf!: ChatKeyBackupKdfDto;
  /** Your identity key and room keys, encrypted under your recovery passphrase; at most 2 MB. */
  @IsOpaque(CHAT_LIMITS.backupBytes, CIPHERTEXT_EXAMPLE)
  ciphertext!: string;
}

export class ChatKeyBackupViewDto implements ChatKeyBackupView {
  /** @example 1 */
  version!: number;
  @ApiProperty({ type: ChatKeyBackupKdfDto })
  kdf!: ChatKeyBackupKdfDto;
  @ApiProperty({ example: CIPHERTEXT_EXAMPLE })
  ciphertext!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  updatedAt!: string;
}
