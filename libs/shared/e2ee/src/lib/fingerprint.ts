import { fromBase64Url, labelled } from './encoding';
import { KEY_LENGTH, sha256 } from './primitives';

const FINGERPRINT_LABEL = 'poscalls4u-fingerprint-v1';
const GROUPS = 6;

/**
 * A user's safety fingerprint: 30 digits in six groups of five ("12345 67890 ..."), the same on
 * every screen for the same user and identity key, so two people can read them to each other.
 * Each group is 5 bytes of SHA-256(label, user id, identity key) read as a number mod 100000, the
 * way Signal's safety numbers are made; 30 digits leave about 2^99 possibilities to collide with.
 */
export function safetyFingerprint(userId: string, identityKey: string): string {
  fromBase64Url(identityKey, 'identity key', KEY_LENGTH);
  const digest = sha256(labelled(FINGERPRINT_LABEL, userId, identityKey));
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let value = 0;
    for (let b = 0; b < 5; b++) value = value * 256 + (digest[g * 5 + b] ?? 0);
    groups.push(String(value % 100000).padStart(5, '0'));
  }
  return groups.join(' ');
}
