import { randomBytes } from '@noble/hashes/utils.js';

import { fromBase64Url, labelled, toBase64Url } from './encoding';
import { E2eeVerificationError } from './errors';

describe('base64url', () => {
  it('matches Node’s encoder for every length and decodes back', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text, 'value')).toEqual(bytes);
    }
  });

  it('refuses foreign characters, impossible lengths, non-zero padding bits and wrong sizes', () => {
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'a', 'abcde', 'AB']) {
      expect(() => fromBase64Url(bad, 'value')).toThrow(E2eeVerificationError);
    }
    expect(fromBase64Url('AA', 'value')).toEqual(new Uint8Array([0]));
    expect(() => fromBase64Url('AAAA', 'value', 2)).toThrow(E2eeVerificationError);
  });

  it('refuses a field that would make a labelled string ambiguous', () => {
    expect(() => labelled('label', 'a|b')).toThrow(E2eeVerificationError);
  });
});
