import { Injectable } from '@nestjs/common';

import { NotificationKind } from '@poscalls4u/contracts';
import { HandlesJob, JobHandler, JobName, NotifyChatMessagePayload } from '@poscalls4u/server-jobs';

import { UserDirectory } from '../identity/access';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * A direct message or a mention: who and where, never the text (the server has none). The chat
 * writes this job to the outbox in the statement that stores the message, so the notification
 * outlives a crash after the answer; a failure here fails the job, which is retried. The
 * console opens the room and decrypts there.
 */
@HandlesJob(JobName.NotifyChatMessage)
@Injectable()
export class NotifyChatMessageHandler implements JobHandler<JobName.NotifyChatMessage> {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly repository: NotificationsRepository,
    private readonly directory: UserDirectory,
  ) {}

  async handle(job: NotifyChatMessagePayload): Promise<void> {
    const kind = job.kind === 'dm' ? NotificationKind.ChatDirect : NotificationKind.ChatMention;
    const recipients = job.recipientIds.filter((id) => id !== job.senderUserId);
    // Delivered at least once: whoever an earlier run already notified is left out.
    const notified = await this.repository.notifiedAboutMessage(recipients, kind, job.messageId);
    const userIds = recipients.filter((id) => !notified.has(id));
    if (userIds.length === 0) return;
    const senderName = (await this.directory.findById(job.senderUserId))?.name ?? 'Someone';
    await this.notifications.notify({
      userIds,
      kind,
      title: job.kind === 'dm' ? `New message from ${senderName}` : `${senderName} mentioned you`,
      level: 'info',
      body: 'Open the chat to read it.',
      link: { roomId: job.roomId, messageId: job.messageId },
    });
  }
}
