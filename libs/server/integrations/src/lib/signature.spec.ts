import { createHmac } from 'node:crypto';

import {
  computeSignature,
  parseSignatureHeader,
  signatureHeader,
  verifySignature,
} from './signature';

const secret = 'a'.repeat(64);
const body = '{"id":"evt-1","type":"call.queued"}';
const now = new Date('2026-11-25T10:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('call event signatures', () => {
  it('is hex(HMAC-SHA256(secret, "<t>.<raw body>")), as the docs tell integrators', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(computeSignature(secret, t, body)).toBe(expected);
    expect(computeSignature(secret, t, Buffer.from(body))).toBe(expected);
    expect(signatureHeader(secret, body, now)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts its own header', () => {
    expect(verifySignature(signatureHeader(secret, body, now), secret, body, now)).toBe('valid');
  });

  it('accepts a header with several v1 values when one matches (a rotation under way)', () => {
    const good = computeSignature(secret, t, body);
    const other = computeSignature('b'.repeat(64), t, body);
    expect(verifySignature(`t=${t},v1=${other},v1=${good}`, secret, body, now)).toBe('valid');
    expect(verifySignature(`t=${t}, v1=${good.toUpperCase()}`, secret, body, now)).toBe('valid');
    expect(verifySignature(`t=${t},v2=xyz,v1=${good}`, secret, body, now)).toBe('valid');
  });

  it('refuses another secret, another body or another timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(header, 'b'.repeat(64), body, now)).toBe('mismatch');
    expect(verifySignature(header, secret, `${body} `, now)).toBe('mismatch');
    const v1 = computeSignature(secret, t, body);
    expect(verifySignature(`t=${t + 1},v1=${v1}`, secret, body, now)).toBe('mismatch');
  });

  it('refuses a timestamp more than 300 s away, on either side', () => {
    const at = (offset: number) => signatureHeader(secret, body, new Date(now.getTime() + offset));
    expect(verifySignature(at(-300_000), secret, body, now)).toBe('valid');
    expect(verifySignature(at(300_000), secret, body, now)).toBe('valid');
    expect(verifySignature(at(-301_000), secret, body, now)).toBe('stale');
    expect(verifySignature(at(301_000), secret, body, now)).toBe('stale');
  });

  it.each([
    undefined,
    '',
    'garbage',
    `t=${t}`,
    `v1=${'0'.repeat(64)}`,
    `t=abc,v1=${'0'.repeat(64)}`,
    `t=${t},v1=abcd`,
    `t=${t},t=${t},v1=${'0'.repeat(64)}`,
    `t=${t},v1=${'z'.repeat(64)}`,
  ])('refuses the malformed header %p', (header) => {
    expect(parseSignatureHeader(header)).toBeUndefined();
    expect(verifySignature(header, secret, body, now)).toBe('malformed');
  });
});
