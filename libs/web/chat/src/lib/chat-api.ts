import { HttpClient, HttpErrorResponse, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';

import {
  CHAT_DEVICE_HEADER,
  ChatDeviceResult,
  ChatDeviceView,
  ChatIdentityResult,
  ChatIdentityView,
  ChatKeyBackupResult,
  ChatKeyBackupView,
  ChatMailboxItemInput,
  ChatMailboxPage,
  ChatMessagePage,
  ChatMessageResult,
  ChatMessageView,
  ChatReadResult,
  ChatRoomDetailView,
  ChatRoomResult,
  ChatRoomView,
  ChatUserKeysResult,
  ChatUserKeysView,
  EditChatMessageRequest,
  PutChatKeyBackupRequest,
  RegisterChatDeviceRequest,
  SendChatMessageRequest,
  SuccessEnvelope,
  TeamDetailView,
  TeamView,
} from '@poscalls4u/contracts';
import { apiUrl, getAllPages, unwrapEnvelope } from '@poscalls4u/web-core';

import { ChatConflictError, type ChatKeyServer } from './chat-server';

/** The `/api/chat` routes (and the team lists a new conversation picks from), as promises. */
@Injectable({ providedIn: 'root' })
export class ChatApi implements ChatKeyServer {
  private readonly http = inject(HttpClient);

  rooms(): Promise<ChatRoomView[]> {
    return firstValueFrom(getAllPages<ChatRoomView>(this.http, apiUrl('chat/rooms')));
  }

  async room(roomId: string): Promise<ChatRoomDetailView> {
    return (await this.get<ChatRoomResult>(`chat/rooms/${encodeURIComponent(roomId)}`)).room;
  }

  async openDirect(userId: string): Promise<ChatRoomDetailView> {
    return (await this.post<ChatRoomResult>('chat/direct', { userId })).room;
  }

  async askSupervisor(callId: string): Promise<ChatRoomDetailView> {
    return (await this.post<ChatRoomResult>('chat/ask-supervisor', { callId })).room;
  }

  messages(roomId: string, before: string | null): Promise<ChatMessagePage> {
    const params = before === null ? undefined : new HttpParams().set('before', before);
    return this.get<ChatMessagePage>(`chat/rooms/${encodeURIComponent(roomId)}/messages`, params);
  }

  async send(roomId: string, request: SendChatMessageRequest): Promise<ChatMessageView> {
    return (
      await this.post<ChatMessageResult>(
        `chat/rooms/${encodeURIComponent(roomId)}/messages`,
        request,
      )
    ).message;
  }

  async edit(
    roomId: string,
    messageId: string,
    request: EditChatMessageRequest,
  ): Promise<ChatMessageView> {
    return (
      await this.call<ChatMessageResult>(
        this.http.patch<SuccessEnvelope<ChatMessageResult>>(
          apiUrl(`chat/rooms/${encodeURIComponent(roomId)}/messages/${messageId}`),
          request,
        ),
      )
    ).message;
  }

  async remove(roomId: string, messageId: string): Promise<ChatMessageView> {
    return (
      await this.call<ChatMessageResult>(
        this.http.delete<SuccessEnvelope<ChatMessageResult>>(
          apiUrl(`chat/rooms/${encodeURIComponent(roomId)}/messages/${messageId}`),
        ),
      )
    ).message;
  }

  /** Revokes one of your own devices (the server refuses anyone else's). */
  async revokeDevice(deviceId: string): Promise<ChatDeviceView> {
    return (
      await this.call<ChatDeviceResult>(
        this.http.delete<SuccessEnvelope<ChatDeviceResult>>(
          apiUrl(`chat/devices/${encodeURIComponent(deviceId)}`),
        ),
      )
    ).device;
  }

  markRead(roomId: string, messageId: string): Promise<ChatReadResult> {
    return this.post<ChatReadResult>(`chat/rooms/${encodeURIComponent(roomId)}/read`, {
      messageId,
    });
  }

  /** The people of the caller's teams (a direct message needs a shared team). */
  async teammates(): Promise<{ userId: string; name: string; teamName: string }[]> {
    const teams = await firstValueFrom(getAllPages<TeamView>(this.http, apiUrl('teams')));
    const people = new Map<string, { userId: string; name: string; teamName: string }>();
    for (const team of teams) {
      const { team: detail } = await this.get<{ team: TeamDetailView }>(`teams/${team.id}`);
      for (const member of detail.members) {
        if (!people.has(member.userId)) {
          people.set(member.userId, {
            userId: member.userId,
            name: member.name,
            teamName: team.name,
          });
        }
      }
    }
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async userKeys(userId: string): Promise<ChatUserKeysView> {
    return (await this.get<ChatUserKeysResult>(`chat/users/${encodeURIComponent(userId)}/keys`))
      .keys;
  }

  async putIdentity(identityKey: string): Promise<ChatIdentityView> {
    return (
      await this.call<ChatIdentityResult>(
        this.http.put<SuccessEnvelope<ChatIdentityResult>>(apiUrl('chat/identity'), {
          identityKey,
        }),
      )
    ).identity;
  }

  async registerDevice(request: RegisterChatDeviceRequest): Promise<ChatDeviceView> {
    return (await this.post<ChatDeviceResult>('chat/devices', request)).device;
  }

  async getBackup(): Promise<ChatKeyBackupView | null> {
    try {
      return (await this.get<ChatKeyBackupResult>('chat/key-backup')).backup;
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 404) return null;
      throw error;
    }
  }

  async putBackup(request: PutChatKeyBackupRequest): Promise<ChatKeyBackupView> {
    return (
      await this.call<ChatKeyBackupResult>(
        this.http.put<SuccessEnvelope<ChatKeyBackupResult>>(apiUrl('chat/key-backup'), request),
      )
    ).backup;
  }

  async postMailbox(fromDeviceId: string, items: ChatMailboxItemInput[]): Promise<void> {
    await this.call(
      this.http.post<SuccessEnvelope<unknown>>(
        apiUrl('chat/key-mailbox'),
        { items },
        { headers: new HttpHeaders({ [CHAT_DEVICE_HEADER]: fromDeviceId }) },
      ),
    );
  }

  mailbox(deviceId: string, cursor: string | null): Promise<ChatMailboxPage> {
    let params = new HttpParams().set('deviceId', deviceId);
    if (cursor !== null) params = params.set('cursor', cursor);
    return this.get<ChatMailboxPage>('chat/key-mailbox', params);
  }

  async ackMailbox(ids: string[]): Promise<void> {
    await this.post('chat/key-mailbox/ack', { ids });
  }

  private get<T>(path: string, params?: HttpParams): Promise<T> {
    return this.call(this.http.get<SuccessEnvelope<T>>(apiUrl(path), { params }));
  }

  private post<T>(path: string, body: object): Promise<T> {
    return this.call(this.http.post<SuccessEnvelope<T>>(apiUrl(path), body));
  }

  /** Unwraps the envelope; a 409 becomes `ChatConflictError` (the keyring retries on it). */
  private async call<T>(request: Observable<SuccessEnvelope<T>>): Promise<T> {
    try {
      return await firstValueFrom(request.pipe(unwrapEnvelope()));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 409) {
        throw new ChatConflictError(error.message);
      }
      throw error;
    }
  }
}
