import { Injectable } from '@nestjs/common';

import {
  AckChatMailboxResult,
  ChatDeviceView,
  ChatIdentityView,
  ChatKeyBackupView,
  ChatMailboxPage,
  ChatUserKeysView,
  PostChatMailboxResult,
  Role,
} from '@poscalls4u/contracts';

import { AuthUser, UserDirectory } from '../identity/access';
import { AppException, timeIdPage, timeIdWindow } from '../platform/http';
import { RealtimeService } from '../realtime';
import { ChatKeysRepository } from './chat-keys.repository';
import { ChatRoomsRepository } from './chat-rooms.repository';
import { toBackupView, toDeviceView, toMailboxView } from './chat-views';
import {
  ListChatMailboxQueryDto,
  PostChatMailboxDto,
  PutChatKeyBackupDto,
  RegisterChatDeviceDto,
} from './dto/chat-keys.dto';

const MAILBOX_CURSOR = 'chat-key-mailbox';

/**
 * Public keys, the key-distribution mailbox and key backups. The server stores what clients send
 * as opaque strings and decides only who may read or write them: keys of people you share a room
 * with, mailbox items of your own devices, your own backup.
 */
@Injectable()
export class ChatKeysService {
  constructor(
    private readonly keys: ChatKeysRepository,
    private readonly rooms: ChatRoomsRepository,
    private readonly realtime: RealtimeService,
    private readonly users: UserDirectory,
  ) {}

  /**
   * Sets the caller's identity key. A different key than the stored one ("start fresh") bumps
   * `identityVersion` and warns everyone sharing a room with them.
   */
  async putIdentity(caller: AuthUser, identityKey: string): Promise<ChatIdentityView> {
    const { row, replaced } = await this.keys.putIdentity(caller.id, identityKey);
    const view = {
      userId: row.userId,
      identityKey: row.identityKey,
      identityVersion: row.identityVersion,
      updatedAt: row.updatedAt.toISOString(),
    };
    if (replaced) {
      this.realtime.toAudiences(
        { users: await this.rooms.coMemberIds(caller.id) },
        'chat:identity-changed',
        { userId: caller.id, identityVersion: row.identityVersion, at: view.updatedAt },
      );
    }
    return view;
  }

  /** Registers one of the caller's devices (its keys signed by their identity key). */
  async registerDevice(caller: AuthUser, input: RegisterChatDeviceDto): Promise<ChatDeviceView> {
    if (input.userId !== undefined && input.userId !== caller.id)
      throw AppException.validation('The request is invalid.', [
        { field: 'userId', messages: ['userId must be your own id'] },
      ]);
    if (!(await this.keys.identity(caller.id)))
      throw AppException.conflict('Set your identity key first: PUT /api/chat/identity.');
    const row = await this.keys.insertDevice({
      deviceId: input.deviceId,
      signingKey: input.signingKey,
      encryptionKey: input.encryptionKey,
      signature: input.signature,
      userId: caller.id,
    });
    if (!row) throw AppException.conflict('A device with this deviceId is already registered.');
    const device = toDeviceView(row);
    await this.deviceChanged(caller.id, device.deviceId, 'added', device.createdAt);
    return device;
  }

  /** Revokes one of the caller's devices: co-members stop sealing keys to it and rotate. */
  async revokeDevice(caller: AuthUser, deviceId: string): Promise<ChatDeviceView> {
    const row = await this.keys.revokeDevice(caller.id, deviceId);
    if (!row) throw AppException.notFound('No such active device of yours.');
    const device = toDeviceView(row);
    await this.deviceChanged(caller.id, deviceId, 'revoked', device.revokedAt ?? device.createdAt);
    return device;
  }

  /** A user's identity and devices: yours, those of people you share a room with, or any (admins). */
  async userKeys(caller: AuthUser, userId: string): Promise<ChatUserKeysView> {
    const allowed =
      userId === caller.id ||
      caller.role === Role.Admin ||
      (await this.rooms.shareRoom(caller.id, userId));
    if (!allowed || !(await this.users.findById(userId)))
      throw AppException.notFound('No such user among your chat rooms.');
    const [identity, devices] = await Promise.all([
      this.keys.identity(userId),
      this.keys.devicesOf(userId),
    ]);
    return {
      userId,
      identityKey: identity?.identityKey ?? null,
      identityVersion: identity?.identityVersion ?? 0,
      devices: devices.map(toDeviceView),
    };
  }

  /**
   * Stores sealed room keys from the caller's device `fromDeviceId` for other devices. Each item's
   * room must be one the caller is in, and its device an active device of a member of that room.
   */
  async postMailbox(
    caller: AuthUser,
    fromDeviceId: string | undefined,
    input: PostChatMailboxDto,
  ): Promise<PostChatMailboxResult> {
    if (!fromDeviceId || !isUuid(fromDeviceId))
      throw AppException.validation('The request is invalid.', [
        { field: 'X-Chat-Device', messages: ['X-Chat-Device must be the uuid of your device'] },
      ]);
    const from = await this.keys.device(fromDeviceId);
    if (!from || from.userId !== caller.id || from.revokedAt)
      throw AppException.forbidden('X-Chat-Device is not one of your active chat devices.');
    const roomIds = [...new Set(input.items.map((item) => item.roomId))];
    const membersByRoom = new Map<string, Set<string>>();
    for (const roomId of roomIds) {
      const members = new Set(await this.rooms.currentMemberIds(roomId));
      if (!members.has(caller.id))
        throw AppException.forbidden('You can share keys only for rooms you are a member of.');
      membersByRoom.set(roomId, members);
    }
    const devices = new Map(
      (await this.keys.activeDevices([...new Set(input.items.map((item) => item.toDeviceId))])).map(
        (device) => [device.deviceId, device],
      ),
    );
    for (const item of input.items) {
      const device = devices.get(item.toDeviceId);
      if (!device || !membersByRoom.get(item.roomId)?.has(device.userId))
        throw AppException.forbidden(
          'Each toDeviceId must be an active device of a current member of the item’s room.',
        );
    }
    const stored = await this.keys.insertMailbox(
      input.items.map((item) => ({
        toDeviceId: item.toDeviceId,
        fromUserId: caller.id,
        fromDeviceId,
        roomId: item.roomId,
        sessionId: item.sessionId,
        sealed: item.sealed,
      })),
    );
    const perDevice = new Map<string, number>();
    for (const row of stored)
      perDevice.set(row.toDeviceId, (perDevice.get(row.toDeviceId) ?? 0) + 1);
    for (const [deviceId, count] of perDevice) {
      const owner = devices.get(deviceId)?.userId;
      if (owner) this.realtime.toUser(owner, 'chat:key-mailbox', { deviceId, count });
    }
    return { stored: stored.length };
  }

  /** What waits for one of the caller's devices, oldest first; another's device is a 404. */
  async listMailbox(caller: AuthUser, query: ListChatMailboxQueryDto): Promise<ChatMailboxPage> {
    const device = await this.keys.device(query.deviceId);
    if (!device || device.userId !== caller.id)
      throw AppException.notFound('No such device of yours.');
    const window = timeIdWindow(MAILBOX_CURSOR, query);
    const { rows, total } = await this.keys.mailbox({
      deviceId: query.deviceId,
      after: window.after ? { createdAt: window.after.time, id: window.after.id } : undefined,
      limit: window.pageSize + 1,
      offset: window.offset,
    });
    const page = timeIdPage(MAILBOX_CURSOR, window, rows, total, (row) => [
      row.exactCreatedAt,
      row.id,
    ]);
    return { ...page, items: page.items.map(toMailboxView) };
  }

  /** Deletes taken items of the caller's devices; ids of others' items are ignored. */
  async ackMailbox(caller: AuthUser, ids: string[]): Promise<AckChatMailboxResult> {
    return { deleted: await this.keys.ackMailbox(caller.id, [...new Set(ids)]) };
  }

  async backup(caller: AuthUser): Promise<ChatKeyBackupView> {
    const row = await this.keys.backup(caller.id);
    if (!row) throw AppException.notFound('You have no key backup yet.');
    return toBackupView(row);
  }

  /** Stores the caller's next backup version; a stale version (another device won) is a 409. */
  async putBackup(caller: AuthUser, input: PutChatKeyBackupDto): Promise<ChatKeyBackupView> {
    const row = await this.keys.putBackup(caller.id, {
      version: input.version,
      kdf: { ...input.kdf },
      ciphertext: input.ciphertext,
    });
    if (!row) {
      const current = await this.keys.backup(caller.id);
      throw AppException.conflict(
        `version must be ${(current?.version ?? 0) + 1} (the stored backup is version ${current?.version ?? 0}).`,
      );
    }
    return toBackupView(row);
  }

  private async deviceChanged(
    userId: string,
    deviceId: string,
    change: 'added' | 'revoked',
    at: string,
  ): Promise<void> {
    const audience = new Set(await this.rooms.coMemberIds(userId));
    audience.add(userId);
    this.realtime.toAudiences({ users: [...audience] }, 'chat:device-changed', {
      userId,
      deviceId,
      change,
      at,
    });
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
