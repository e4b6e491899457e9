import { fromBase64Url } from './encoding';
import { E2eeInputError } from './errors';
import { safetyFingerprint } from './fingerprint';
import type { VerifiedDevice } from './identity';
import { KEY_LENGTH } from './primitives';

/**
 * What this browser has seen of other users' keys (trust on first use), so the console can warn
 * room members when a member's identity key changes or a device they have not seen joins, and
 * show who was verified by comparing safety fingerprints (docs/e2ee.md, "Trust").
 */

export interface TrustRecord {
  userId: string;
  /** The identity key last accepted for this user. */
  identityKey: string;
  /** True once the fingerprint of `identityKey` was compared and confirmed; reset when it changes. */
  verified: boolean;
  /** Device ids already seen under `identityKey`. */
  devices: string[];
}

export interface TrustStoreState {
  v: 1;
  users: TrustRecord[];
}

export type IdentityChange =
  /** Never seen before: accepted on first use. */
  | { status: 'first-seen' }
  | { status: 'unchanged'; verified: boolean }
  /** Another key than before ("X's keys changed"): warn; verification and devices start over. */
  | { status: 'changed'; previousFingerprint: string; wasVerified: boolean };

export interface DeviceChange {
  /** The device was not seen before under the user's current identity key. */
  isNew: boolean;
  /** Whether its user's identity was verified: a new device of an unverified user is warned. */
  identityVerified: boolean;
}

export class TrustStore {
  private readonly users = new Map<string, TrustRecord>();

  static fromJSON(state: TrustStoreState): TrustStore {
    const store = new TrustStore();
    for (const record of state.users) {
      fromBase64Url(record.identityKey, 'identity key', KEY_LENGTH);
      store.users.set(record.userId, { ...record, devices: [...record.devices] });
    }
    return store;
  }

  toJSON(): TrustStoreState {
    return {
      v: 1,
      users: [...this.users.values()].map((record) => ({
        ...record,
        devices: [...record.devices],
      })),
    };
  }

  /** Records the identity key the server returned for `userId` and says how it compares. */
  observeIdentity(userId: string, identityKey: string): IdentityChange {
    fromBase64Url(identityKey, 'identity key', KEY_LENGTH);
    const known = this.users.get(userId);
    if (known?.identityKey === identityKey)
      return { status: 'unchanged', verified: known.verified };
    this.users.set(userId, { userId, identityKey, verified: false, devices: [] });
    if (!known) return { status: 'first-seen' };
    return {
      status: 'changed',
      previousFingerprint: safetyFingerprint(userId, known.identityKey),
      wasVerified: known.verified,
    };
  }

  /**
   * Marks `userId` verified after the two people compared fingerprints. `identityKey` is the key
   * whose fingerprint was shown, so a key that changed in the meantime is not marked by mistake.
   */
  markVerified(userId: string, identityKey: string): void {
    const known = this.users.get(userId);
    if (!known || known.identityKey !== identityKey) {
      throw new E2eeInputError('the identity key changed since its fingerprint was shown');
    }
    known.verified = true;
  }

  isVerified(userId: string): boolean {
    return this.users.get(userId)?.verified ?? false;
  }

  /** Records a device (checked by `verifyDevice` against the current identity key). */
  observeDevice(device: VerifiedDevice): DeviceChange {
    const known = this.users.get(device.userId);
    if (!known) {
      throw new E2eeInputError('observe the identity of a user before their devices');
    }
    const isNew = !known.devices.includes(device.deviceId);
    if (isNew) known.devices.push(device.deviceId);
    return { isNew, identityVerified: known.verified };
  }
}
