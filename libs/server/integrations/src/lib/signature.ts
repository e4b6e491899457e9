import { createHmac, timingSafeEqual } from 'node:crypto';

import { SIGNATURE_TOLERANCE_SECONDS } from '@poscalls4u/contracts';

/**
 * The signature scheme of call events and outgoing webhooks (the header is `SIGNATURE_HEADER`):
 * `t=<unix seconds>,v1=<hex>` with `v1 = hex(HMAC-SHA256(secret, "<t>.<raw body>"))`, the key
 * being the secret string's UTF-8 bytes. Signing the timestamp with the body lets a receiver
 * refuse an old captured request; several `v1=` values let a sender holding an old and a new
 * secret sign with both while a rotation is under way.
 */

/** `hex(HMAC-SHA256(secret, "<t>.<body>"))`. */
export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

/** The header value for `body` signed at `now` (a Date, so tests can move the clock). */
export function signatureHeader(secret: string, body: string | Buffer, now = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export interface ParsedSignature {
  timestamp: number;
  /** Every `v1=` value, lower-cased. */
  signatures: string[];
}

/** The parts of a header, or undefined when it is not `t=<digits>` plus at least one `v1=<hex>`. */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | undefined {
  if (!header) return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) return undefined;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      // SHA-256 is 32 bytes: anything else cannot match and is a client bug worth naming.
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return undefined;
      signatures.push(value.toLowerCase());
    }
    // Other schemes (a future v2) are skipped, so a sender can add one before we read it.
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

export type SignatureCheck =
  | 'valid'
  /** No header, or not in the `t=...,v1=...` form. */
  | 'malformed'
  /** The timestamp is outside the tolerance, in the past or in the future. */
  | 'stale'
  /** No `v1=` value matches the secret. */
  | 'mismatch';

/** Whether the timestamp of a header is within `toleranceSeconds` of `now`. */
export function isFresh(
  parsed: ParsedSignature,
  now = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  return Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) <= toleranceSeconds;
}

/** Whether one of the header's `v1=` values is the signature of `body` with `secret`. */
export function matchesSecret(parsed: ParsedSignature, secret: string, body: string | Buffer) {
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, body), 'hex');
  let matched = false;
  // Every value is compared, in constant time, so the timing says nothing about which was close.
  for (const signature of parsed.signatures) {
    if (timingSafeEqual(Buffer.from(signature, 'hex'), expected)) matched = true;
  }
  return matched;
}

/** The whole check, for a receiver that has the secret at hand (tests, a PBX-side library). */
export function verifySignature(
  header: string | undefined,
  secret: string,
  body: string | Buffer,
  now = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'malformed';
  if (!isFresh(parsed, now, toleranceSeconds)) return 'stale';
  return matchesSecret(parsed, secret, body) ? 'valid' : 'mismatch';
}
