/**
 * JSON bodies as bytes, including what `JSON.stringify` cannot write: numbers such as `1e999`
 * (JSON.parse reads Infinity), keys such as `__proto__` (an object literal would set the
 * prototype instead of a key), bytes that are not UTF-8, and text that is no JSON at all.
 */
export class Raw {
  constructor(readonly bytes: Buffer) {}

  static text(text: string): Raw {
    return new Raw(Buffer.from(text, 'utf8'));
  }
}

/** An object written key by key, in this order, whatever the keys are. */
export class Entries {
  constructor(readonly entries: ReadonlyArray<readonly [string | Raw, unknown]>) {}
}

export function jsonBytes(value: unknown): Buffer {
  if (value instanceof Raw) return value.bytes;
  if (value instanceof Entries) {
    const parts: Buffer[] = [Buffer.from('{')];
    value.entries.forEach(([key, child], index) => {
      if (index > 0) parts.push(Buffer.from(','));
      parts.push(key instanceof Raw ? key.bytes : Buffer.from(JSON.stringify(key)));
      parts.push(Buffer.from(':'), jsonBytes(child));
    });
    parts.push(Buffer.from('}'));
    return Buffer.concat(parts);
  }
  if (Array.isArray(value)) {
    const parts: Buffer[] = [Buffer.from('[')];
    value.forEach((child, index) => {
      if (index > 0) parts.push(Buffer.from(','));
      parts.push(jsonBytes(child));
    });
    parts.push(Buffer.from(']'));
    return Buffer.concat(parts);
  }
  return Buffer.from(JSON.stringify(value) ?? 'null');
}
