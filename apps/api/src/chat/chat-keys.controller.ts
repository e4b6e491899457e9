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
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  AckChatMailboxResult,
  CHAT_DEVICE_HEADER,
  ChatDeviceResult,
  ChatIdentityResult,
  ChatKeyBackupResult,
  ChatMailboxPage,
  ChatUserKeysResult,
  PostChatMailboxResult,
} from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors } from '../platform/http';
import { ChatKeysService } from './chat-keys.service';
import {
  AckChatMailboxDto,
  AckChatMailboxResultDto,
  ChatDeviceViewDto,
  ChatIdentityViewDto,
  ChatKeyBackupViewDto,
  ChatMailboxItemViewDto,
  ChatUserKeysViewDto,
  ListChatMailboxQueryDto,
  PostChatMailboxDto,
  PostChatMailboxResultDto,
  PutChatIdentityDto,
  PutChatKeyBackupDto,
  RegisterChatDeviceDto,
} from './dto/chat-keys.dto';

/** Public keys, the key mailbox and the key backup: opaque strings the server only stores. */
@ApiTags('chat')
@Controller('chat')
export class ChatKeysController {
  constructor(private readonly keys: ChatKeysService) {}

  @Put('identity')
  @Authenticated()
  @ApiOperation({
    summary: 'Set my identity key',
    description:
      'The first key is version 1. A different key ("start fresh") bumps `identityVersion` and warns everyone sharing a room with you (`chat:identity-changed`).',
  })
  @ApiEnvelope(ChatIdentityViewDto, { key: 'identity', description: 'Your identity' })
  @ApiErrors(400)
  async putIdentity(
    @CurrentUser() user: AuthUser,
    @Body() body: PutChatIdentityDto,
  ): Promise<ChatIdentityResult> {
    return { identity: await this.keys.putIdentity(user, body.identityKey) };
  }

  @Get('users/:userId/keys')
  @Authenticated()
  @ApiOperation({
    summary: 'A user’s identity key and devices',
    description:
      'Yours, or of someone who shares a room with you (admins: anyone). Others answer 404. Revoked devices are listed with `revokedAt`.',
  })
  @ApiEnvelope(ChatUserKeysViewDto, { key: 'keys', description: 'The keys' })
  @ApiErrors(400, 404)
  async userKeys(
    @CurrentUser() user: AuthUser,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<ChatUserKeysResult> {
    return { keys: await this.keys.userKeys(user, userId) };
  }

  @Post('devices')
  @Authenticated()
  @ApiOperation({
    summary: 'Register this browser as a device',
    description:
      'Its keys signed by your identity key (set it first: 409 otherwise). Co-members hear `chat:device-changed`.',
  })
  @ApiEnvelope(ChatDeviceViewDto, {
    key: 'device',
    status: HttpStatus.CREATED,
    description: 'Registered',
  })
  @ApiErrors(400, 409)
  async registerDevice(
    @CurrentUser() user: AuthUser,
    @Body() body: RegisterChatDeviceDto,
  ): Promise<ChatDeviceResult> {
    return { device: await this.keys.registerDevice(user, body) };
  }

  @Delete('devices/:deviceId')
  @Authenticated()
  @ApiOperation({
    summary: 'Revoke one of my devices',
    description:
      'Its waiting mailbox items are deleted; co-members hear `chat:device-changed` and rotate their sender keys. Another’s device answers 404.',
  })
  @ApiEnvelope(ChatDeviceViewDto, { key: 'device', description: 'Revoked' })
  @ApiErrors(400, 404)
  async revokeDevice(
    @CurrentUser() user: AuthUser,
    @Param('deviceId', new ParseUUIDPipe()) deviceId: string,
  ): Promise<ChatDeviceResult> {
    return { device: await this.keys.revokeDevice(user, deviceId) };
  }

  @Post('key-mailbox')
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  @ApiHeader({
    name: CHAT_DEVICE_HEADER,
    required: true,
    description: 'The sending device (one of yours, not revoked).',
    example: '7d9f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  })
  @ApiOperation({
    summary: 'Send sealed room keys to devices',
    description:
      'Each item: a room you are in, and an active device of a current member of that room (403 otherwise). Each recipient hears `chat:key-mailbox`.',
  })
  @ApiEnvelope(PostChatMailboxResultDto, { status: HttpStatus.CREATED, description: 'Stored' })
  @ApiErrors(400, 413)
  postMailbox(
    @CurrentUser() user: AuthUser,
    @Headers(CHAT_DEVICE_HEADER) deviceId: string | undefined,
    @Body() body: PostChatMailboxDto,
  ): Promise<PostChatMailboxResult> {
    return this.keys.postMailbox(user, deviceId, body);
  }

  @Get('key-mailbox')
  @Authenticated()
  @ApiOperation({
    summary: 'Sealed room keys waiting for one of my devices',
    description:
      'Oldest first, by cursor (`nextCursor`). Another’s device answers 404. Acknowledge what you took.',
  })
  @ApiEnvelope(ChatMailboxItemViewDto, { description: 'One page of items', page: 'cursor' })
  @ApiErrors(400, 404)
  listMailbox(
    @CurrentUser() user: AuthUser,
    @Query() query: ListChatMailboxQueryDto,
  ): Promise<ChatMailboxPage> {
    return this.keys.listMailbox(user, query);
  }

  @Post('key-mailbox/ack')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Delete mailbox items I took',
    description: 'Items of others’ devices are left alone (not counted).',
  })
  @ApiEnvelope(AckChatMailboxResultDto, { description: 'Deleted' })
  @ApiErrors(400)
  ackMailbox(
    @CurrentUser() user: AuthUser,
    @Body() body: AckChatMailboxDto,
  ): Promise<AckChatMailboxResult> {
    return this.keys.ackMailbox(user, body.ids);
  }

  @Get('key-backup')
  @Authenticated()
  @ApiOperation({
    summary: 'My key backup',
    description: 'Encrypted under your recovery passphrase, which never reaches the server.',
  })
  @ApiEnvelope(ChatKeyBackupViewDto, { key: 'backup', description: 'The latest version' })
  @ApiErrors(404)
  async backup(@CurrentUser() user: AuthUser): Promise<ChatKeyBackupResult> {
    return { backup: await this.keys.backup(user) };
  }

  @Put('key-backup')
  @Authenticated()
  @ApiOperation({
    summary: 'Store my key backup',
    description:
      '`version` must be the stored version + 1 (1 for the first): a stale one (another device saved first) is a 409; read it, merge, retry.',
  })
  @ApiEnvelope(ChatKeyBackupViewDto, { key: 'backup', description: 'Stored' })
  @ApiErrors(400, 409, 413)
  async putBackup(
    @CurrentUser() user: AuthUser,
    @Body() body: PutChatKeyBackupDto,
  ): Promise<ChatKeyBackupResult> {
    return { backup: await this.keys.putBackup(user, body) };
  }
}
