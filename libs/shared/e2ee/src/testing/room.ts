import {
  type DeviceKeyPair,
  type IdentityKeyPair,
  InboundSessionStore,
  OutboundSession,
  type SessionShare,
  type VerifiedDevice,
  createDevice,
  createIdentity,
  openSealedSession,
  sealSession,
  verifyDevice,
} from '../index';

/**
 * Test people for the protocol specs: each with an identity, one browser (device keys, an inbound
 * store, outbound sessions per room), doing what the console does, with the server's mailbox
 * reduced to handing the sealed string over.
 */
export class Person {
  readonly identity: IdentityKeyPair;
  readonly device: DeviceKeyPair;
  readonly inbound = new InboundSessionStore();
  private readonly outbound = new Map<string, OutboundSession>();

  constructor(
    readonly userId: string,
    identity: IdentityKeyPair = createIdentity(),
  ) {
    this.identity = identity;
    this.device = createDevice(identity, userId);
  }

  /** This person's device as another client sees it after checking it. */
  get verified(): VerifiedDevice {
    return verifyDevice(this.device, this.identity.publicKey, this.userId);
  }

  /** The current sending session in `roomId`, created (and kept for its own reading) on first use. */
  session(roomId: string): OutboundSession {
    let session = this.outbound.get(roomId);
    if (!session) {
      session = OutboundSession.create(roomId, this.device);
      this.inbound.add(session.share());
      this.outbound.set(roomId, session);
    }
    return session;
  }

  /** Drops the sending session of `roomId`: the next message starts a new one (rotation). */
  rotate(roomId: string): void {
    this.outbound.delete(roomId);
  }

  /** Seals this person's current session of `roomId` to each recipient, who opens and adds it. */
  shareWith(roomId: string, recipients: Person[]): void {
    const session = this.session(roomId);
    const share: SessionShare = session.share();
    for (const recipient of recipients) {
      const sealed = sealSession(share, recipient.verified, this.device);
      recipient.inbound.add(
        openSealedSession(
          sealed,
          { roomId, sessionId: share.sessionId },
          recipient.device,
          this.verified,
        ),
      );
    }
    session.markSharedWith(recipients.map((recipient) => recipient.device.deviceId));
  }

  send(roomId: string, text: string) {
    return this.session(roomId).encrypt({ v: 1, type: 'text', text }, this.device);
  }

  async read(
    message: Parameters<InboundSessionStore['decrypt']>[0],
    sender: Person,
    senderIsMember = true,
  ): Promise<string> {
    const read = await this.inbound.decrypt(message, {
      senderDevice: sender.verified,
      senderIsMember,
    });
    return read.plaintext.text;
  }
}
