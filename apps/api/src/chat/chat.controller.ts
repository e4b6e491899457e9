import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import {
  ChatMessagePage,
  ChatMessageResult,
  ChatReadResult,
  ChatRoomResult,
  ChatRoomView,
  Page,
} from '@poscalls4u/contracts';

import { AuthUser, Authenticated, CurrentUser } from '../identity/access';
import { ApiEnvelope, ApiErrors, pageOf } from '../platform/http';
import { RateLimit } from '../platform/rate-limit';
import { ChatMessagesService } from './chat-messages.service';
import { ChatRoomsService } from './chat-rooms.service';
import {
  ChatMessageViewDto,
  ChatReadResultDto,
  EditChatMessageDto,
  ListChatMessagesQueryDto,
  MarkChatReadDto,
  SendChatMessageDto,
} from './dto/chat-message.dto';
import {
  AskSupervisorDto,
  ChatRoomDetailViewDto,
  ChatRoomViewDto,
  ListChatRoomsQueryDto,
  OpenDirectDto,
} from './dto/chat-room.dto';

const MEMBERS_ONLY = 'Members only: a room you are not in answers 404, as a missing one.';

/** Rooms and messages. Every body is ciphertext; see docs/e2ee.md. */
@ApiTags('chat')
@Controller('chat')
export class ChatController {
  constructor(
    private readonly rooms: ChatRoomsService,
    private readonly messages: ChatMessagesService,
  ) {}

  @Get('rooms')
  @Authenticated()
  @ApiOperation({
    summary: 'My chat rooms',
    description:
      'The rooms you are a member of now (your teams’ rooms, direct and "ask a supervisor" rooms), most recently active first, with your unread count in each.',
  })
  @ApiEnvelope(ChatRoomViewDto, { description: 'One page of rooms', page: true })
  @ApiErrors(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListChatRoomsQueryDto,
  ): Promise<Page<ChatRoomView>> {
    return pageOf(await this.rooms.list(user), query);
  }

  @Get('rooms/:id')
  @Authenticated()
  @ApiOperation({
    summary: 'A room with its members',
    description: `Every membership period (current and past), so a client knows who was a member when. The members' devices: \`GET /api/chat/users/{userId}/keys\`. ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatRoomDetailViewDto, { key: 'room', description: 'The room' })
  @ApiErrors(400, 404)
  async detail(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ChatRoomResult> {
    return { room: await this.rooms.detail(user, id) };
  }

  @Post('direct')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Open (or reuse) a direct conversation',
    description:
      'With someone who shares a team with you where you hold `chat:direct` (agents and supervisors by default; the team’s security profile may withhold it). Admins may message anyone.',
  })
  @ApiEnvelope(ChatRoomDetailViewDto, { key: 'room', description: 'The direct room' })
  @ApiErrors(400, 404)
  async direct(
    @CurrentUser() user: AuthUser,
    @Body() body: OpenDirectDto,
  ): Promise<ChatRoomResult> {
    return { room: await this.rooms.openDirect(user, body.userId) };
  }

  @Post('ask-supervisor')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Ask a supervisor about my call',
    description:
      'Only the agent on the call: opens (or reuses) a room with the supervisors of the call’s team. Post the call reference inside the ciphertext (`callRef: { callId }`). Another’s call answers 404.',
  })
  @ApiEnvelope(ChatRoomDetailViewDto, { key: 'room', description: 'The room' })
  @ApiErrors(400, 404, 409)
  async askSupervisor(
    @CurrentUser() user: AuthUser,
    @Body() body: AskSupervisorDto,
  ): Promise<ChatRoomResult> {
    return { room: await this.rooms.askSupervisor(user, body.callId) };
  }

  @Get('rooms/:roomId/messages')
  @Authenticated()
  @ApiOperation({
    summary: 'A room’s messages, newest first',
    description: `From your joining on. Page back with \`before\` (the previous \`nextCursor\`). Deleted messages stay as tombstones (\`ciphertext\` null, \`deletedAt\` set). ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatMessageViewDto, { description: 'One page of messages', page: 'cursor' })
  @ApiErrors(400, 404)
  listMessages(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Query() query: ListChatMessagesQueryDto,
  ): Promise<ChatMessagePage> {
    return this.messages.list(user, roomId, query);
  }

  @Post('rooms/:roomId/messages')
  @Authenticated()
  @RateLimit('chat-send')
  @ApiOperation({
    summary: 'Send a message (ciphertext)',
    description: `201 when stored; the same \`clientMessageId\` again answers 200 with the stored message. A reused (senderDeviceId, sessionId, counter) is a 409; an archived room is a 409. Delivered live as \`chat:message\` to the members. ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatMessageViewDto, {
    key: 'message',
    status: HttpStatus.CREATED,
    description: 'Stored',
  })
  @ApiEnvelope(ChatMessageViewDto, { key: 'message', description: 'Already stored (a resend)' })
  @ApiErrors(400, 404, 409, 413, 429)
  async send(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Body() body: SendChatMessageDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChatMessageResult> {
    const { message, created } = await this.messages.send(user, roomId, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { message };
  }

  @Patch('rooms/:roomId/messages/:messageId')
  @Authenticated()
  @RateLimit('chat-send')
  @ApiOperation({
    summary: 'Edit my message (new ciphertext)',
    description: `Under a new counter (a reused one is a 409). Own messages only (403). Delivered as \`chat:message-edited\`. ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatMessageViewDto, { key: 'message', description: 'Edited' })
  @ApiErrors(400, 404, 409, 429)
  async edit(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Param('messageId', new ParseUUIDPipe()) messageId: string,
    @Body() body: EditChatMessageDto,
  ): Promise<ChatMessageResult> {
    return { message: await this.messages.edit(user, roomId, messageId, body) };
  }

  @Delete('rooms/:roomId/messages/:messageId')
  @Authenticated()
  @ApiOperation({
    summary: 'Delete my message',
    description: `Removes its ciphertext and signature from the server for good; a tombstone with \`deletedAt\` remains. Own messages only (403). Delivered as \`chat:message-deleted\`. ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatMessageViewDto, { key: 'message', description: 'The tombstone' })
  @ApiErrors(400, 404)
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Param('messageId', new ParseUUIDPipe()) messageId: string,
  ): Promise<ChatMessageResult> {
    return { message: await this.messages.remove(user, roomId, messageId) };
  }

  @Post('rooms/:roomId/read')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({
    summary: 'Mark read up to a message',
    description: `Moves your read marker forward (never back). Members hear \`chat:read\`; your sockets hear \`chat:unread\`. ${MEMBERS_ONLY}`,
  })
  @ApiEnvelope(ChatReadResultDto, { description: 'Your unread count now' })
  @ApiErrors(400, 404)
  markRead(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new ParseUUIDPipe()) roomId: string,
    @Body() body: MarkChatReadDto,
  ): Promise<ChatReadResult> {
    return this.messages.markRead(user, roomId, body.messageId);
  }
}
