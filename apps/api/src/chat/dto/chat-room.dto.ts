import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

import {
  AskSupervisorRequest,
  CHAT_ROOM_KINDS,
  ChatMemberView,
  ChatRoomDetailView,
  ChatRoomKind,
  ChatRoomView,
  OpenDirectRequest,
} from '@poscalls4u/contracts';

import { PageQueryDto } from '../../platform/http';

export class OpenDirectDto implements OpenDirectRequest {
  /** The other person. @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  @IsUUID('4', { message: 'userId must be a user id' })
  userId!: string;
}

export class AskSupervisorDto implements AskSupervisorRequest {
  /** The call you are on. @example "5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f" */
  @IsUUID('4', { message: 'callId must be a call id' })
  callId!: string;
}

export class ListChatRoomsQueryDto extends PageQueryDto {}

export class ChatMemberViewDto implements ChatMemberView {
  /** @example "9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d" */
  userId!: string;
  /** @example "Ada Lovelace" */
  name!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  joinedAt!: string;
  /** Null while a member. */
  @ApiProperty({ type: String, nullable: true, example: null })
  leftAt!: string | null;
  /** The newest message this member has read; null before they read any (room detail only). */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f',
  })
  readMessageId?: string | null;
}

export class ChatRoomViewDto implements ChatRoomView {
  /** @example "0d3b8a52-3f5e-4d1a-9c7e-1b2a3c4d5e6f" */
  id!: string;
  @ApiProperty({ enum: CHAT_ROOM_KINDS, example: 'team' })
  kind!: ChatRoomKind;
  /** @example "Sales Team Alpha" */
  title!: string;
  @ApiProperty({ type: String, nullable: true, example: '3c0b7a2e-5d1f-4e8a-9b6c-2f4d6e8a0b1c' })
  teamId!: string | null;
  /** @example ["9b2f6c1e-4d3a-4f5b-8c7d-1e2f3a4b5c6d", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"] */
  memberIds!: string[];
  /** Messages of others newer than your read marker. @example 3 */
  unread!: number;
  /** @example "2026-11-25T09:41:00.000Z" */
  lastActivityAt!: string;
  /** @example "2026-11-25T09:30:00.000Z" */
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  archivedAt!: string | null;
}

export class ChatRoomDetailViewDto extends ChatRoomViewDto implements ChatRoomDetailView {
  /** Every membership period, current and past (`leftAt` set), oldest first. */
  @ApiProperty({ type: [ChatMemberViewDto] })
  members!: ChatMemberViewDto[];
}
