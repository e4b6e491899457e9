import { E2eeVerificationError } from './errors';

/**
 * base64url without padding, the encoding of every binary value on the wire and in stored state.
 * Written out here (not a crypto primitive) because browsers and Node share no byte<->base64url
 * API in every version we support.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** char code -> 6-bit value, -1 outside the alphabet (every message's ciphertext goes through it). */
const LOOKUP = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) LOOKUP[ALPHABET.charCodeAt(index)] = index;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(triple >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Strict decoding: any character outside the alphabet, a length that cannot come from whole bytes
 * or non-zero padding bits is refused, so one byte string has exactly one encoding.
 * `expectedLength` (bytes) is checked when given.
 */
export function fromBase64Url(
  text: string,
  what: string,
  expectedLength?: number,
): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || text.length % 4 === 1) throw malformed(what);
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (LOOKUP[code] as number) : -1;
    if (value < 0) throw malformed(what);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) throw malformed(what);
  if (expectedLength !== undefined && out.length !== expectedLength) throw malformed(what);
  return out;
}

function malformed(what: string): E2eeVerificationError {
  return new E2eeVerificationError(
    'malformed',
    `${what} is not valid base64url of the right length`,
  );
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The domain-separated string a signature or derivation covers: `label|field|field...`. */
export function labelled(label: string, ...fields: (string | number)[]): Uint8Array<ArrayBuffer> {
  for (const field of fields) {
    // Ids and base64url never contain '|'; refusing it keeps the encoding unambiguous.
    if (String(field).includes('|')) {
      throw new E2eeVerificationError('malformed', `a field of ${label} contains '|'`);
    }
  }
  return utf8([label, ...fields].join('|'));
}
