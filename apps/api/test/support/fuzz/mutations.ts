import { Entries, Raw, jsonBytes } from './json-text';
import { MISSING_UUID, Operation, ParameterSpec, Schema, sampleBody, sampleOf } from './openapi';

/**
 * What an answer may be. `refused`: the input is invalid by the document (or by a rule every
 * route shares, such as no control characters), so only a 4xx will do. `any`: the document
 * allows the value (an optional field left out by `null`, a long string where no maxLength is
 * documented, an unknown query key a route ignores), so a 2xx is fine too. Never a 5xx either way.
 */
export type Expectation = 'refused' | 'any';

export interface FuzzCase {
  operation: Operation;
  /** Which input was mutated and how, for the failure report. */
  what: string;
  expect: Expectation;
  method: string;
  /** Path and query string, already percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  anonymous: boolean;
}

/** What the run adds to the cases of an operation: real ids and signatures where they matter. */
export interface FuzzContext {
  /** Overrides a path parameter's base value (the signed PBX route needs a real integration). */
  pathValue?: (operation: Operation, name: string) => string | undefined;
  /** Extra headers for a given body (the PBX route's signature over the exact bytes). */
  sign?: (operation: Operation, body: Buffer) => Record<string, string>;
}

/** Over the default 100 kb body limit and Node's 16 KiB header limit alike. */
const HUGE = 'x'.repeat(102_400 + 1);
/** Long, yet under every transport limit: it reaches the validators and the database. */
const LONG = 'x'.repeat(20_000);
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc0, 0xaf]);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

/**
 * Changing operations with no id in the path act on the caller's own account, session or
 * organization (sign out, change password, MFA, settings): they only get inputs that must be
 * refused, so the admin the run signs in as keeps working.
 */
export function isGuarded(operation: Operation): boolean {
  return (
    operation.method !== 'GET' &&
    operation.authenticated &&
    operation.pathParams.length === 0 &&
    !operation.creates
  );
}

function typeOf(schema: Schema): string {
  if (schema.enum) return 'enum';
  return schema.type ?? 'string';
}

interface ValueMutation {
  what: string;
  value: unknown;
  expect: Expectation;
}

/** Wrong values for one body field. */
function fieldMutations(schema: Schema, required: boolean): ValueMutation[] {
  const type = typeOf(schema);
  const sample = sampleOf(schema);
  const isText = type === 'string' && !schema.format;
  const mutations: ValueMutation[] = [
    {
      what: 'null',
      value: null,
      // class-validator's IsOptional reads null as "left out".
      expect: schema.nullable || !required ? 'any' : 'refused',
    },
    { what: 'an array', value: [sample], expect: type === 'array' ? 'any' : 'refused' },
    { what: 'an object', value: { a: 1 }, expect: 'refused' },
    { what: 'nested 40 deep', value: nested(40), expect: 'refused' },
    {
      what: 'a 100 KB string',
      value: HUGE,
      // Over the general body limit, unless the field is meant to be that long (a chat key
      // backup: its route takes a larger body, and its schema says how long).
      expect: isText && (schema.maxLength ?? 0) >= HUGE.length ? 'any' : 'refused',
    },
    {
      what: 'a 20 KB string',
      value: LONG,
      expect: isText && (schema.maxLength ?? Infinity) >= LONG.length ? 'any' : 'refused',
    },
    { what: 'NUL', value: `a\u0000b`, expect: 'refused' },
    { what: 'a control character', value: 'bell\u0007', expect: 'refused' },
    { what: 'an unpaired surrogate', value: 'a\ud800b', expect: 'refused' },
    {
      what: 'invalid UTF-8',
      value: new Raw(Buffer.concat([Buffer.from('"a'), INVALID_UTF8, Buffer.from('b"')])),
      expect: 'refused',
    },
    { what: '1e999 (Infinity)', value: Raw.text('1e999'), expect: 'refused' },
    { what: '-1e999', value: Raw.text('-1e999'), expect: 'refused' },
    {
      what: '"__proto__"',
      value: '__proto__',
      expect: isText && (schema.minLength ?? 0) <= 9 && !schema.pattern ? 'any' : 'refused',
    },
  ];
  switch (type) {
    case 'number':
    case 'integer': {
      mutations.push(
        { what: 'a numeric string', value: '12', expect: 'refused' },
        { what: 'true', value: true, expect: 'refused' },
        { what: '1.5', value: 1.5, expect: 'any' },
        { what: '2^31', value: 2 ** 31, expect: outOfRange(schema, 2 ** 31) },
        { what: '-2^31 - 1', value: -(2 ** 31) - 1, expect: outOfRange(schema, -(2 ** 31) - 1) },
        { what: '1e308', value: 1e308, expect: outOfRange(schema, 1e308) },
        { what: '2^53 + 2', value: 2 ** 53 + 2, expect: outOfRange(schema, 2 ** 53 + 2) },
      );
      if (schema.minimum !== undefined) {
        mutations.push({ what: 'minimum - 1', value: schema.minimum - 1, expect: 'refused' });
      }
      if (schema.maximum !== undefined) {
        mutations.push({ what: 'maximum + 1', value: schema.maximum + 1, expect: 'refused' });
      }
      break;
    }
    case 'boolean':
      mutations.push(
        { what: '"true"', value: 'true', expect: 'refused' },
        { what: '1', value: 1, expect: 'refused' },
      );
      break;
    case 'array':
      mutations.push(
        { what: 'a string', value: 'x', expect: 'refused' },
        { what: '[null]', value: [null], expect: 'refused' },
        { what: '[12345]', value: [12345], expect: 'refused' },
        {
          what: '2000 items',
          value: Array(2000).fill(sampleOf(schema.items ?? {})),
          expect: 'any',
        },
      );
      break;
    case 'object':
      mutations.push({ what: 'a string', value: 'x', expect: 'refused' });
      break;
    default:
      mutations.push(
        { what: 'a number', value: 12345, expect: 'refused' },
        { what: 'true', value: true, expect: 'refused' },
        { what: 'an empty string', value: '', expect: acceptsText(schema, '') },
        { what: 'an SQL quote', value: "x' OR '1'='1", expect: acceptsText(schema, "x' OR '1'") },
      );
  }
  return mutations;
}

function outOfRange(schema: Schema, value: number): Expectation {
  const below = schema.minimum !== undefined && value < schema.minimum;
  const above = schema.maximum !== undefined && value > schema.maximum;
  return below || above ? 'refused' : 'any';
}

/** Whether a text value may be valid for a string schema (enum, format and pattern say no). */
function acceptsText(schema: Schema, value: string): Expectation {
  if (schema.enum) return schema.enum.includes(value) ? 'any' : 'refused';
  if (schema.format === 'uuid' || schema.format === 'email' || schema.format === 'uri') {
    return 'refused';
  }
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) return 'refused';
  if (value.length < (schema.minLength ?? 0)) return 'refused';
  if (value.length > (schema.maxLength ?? Infinity)) return 'refused';
  return 'any';
}

/** Body texts no JSON route may accept, whatever its schema. */
const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}}',
  '{"a":1} trailing',
  'undefined',
  'NaN',
  '{"a":"\\u12"}',
  '{"a":"\\x41"}',
  '\u0000',
];

/** Every case for one operation, sent as the admin unless `anonymous`. */
export function casesFor(operation: Operation, context: FuzzContext): FuzzCase[] {
  const guarded = isGuarded(operation);
  const basePath: Record<string, string> = Object.fromEntries(
    operation.pathParams.map((param) => [
      param.name,
      context.pathValue?.(operation, param.name) ?? basePathValue(param),
    ]),
  );
  const baseQuery: Array<[string, string]> = operation.queryParams
    .filter((param) => param.required)
    .map((param) => [param.name, queryText(sampleOf(param.schema))]);
  const baseBody = operation.body ? sampleBody(operation.body.schema) : undefined;
  const baseHeaders: Record<string, string> = Object.fromEntries(
    operation.headerParams.map((param) => [param.name, String(sampleOf(param.schema))]),
  );

  const cases: FuzzCase[] = [];
  const add = (
    what: string,
    expect: Expectation,
    parts: {
      path?: Record<string, string>;
      query?: Array<[string, string]>;
      body?: Buffer;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): void => {
    if (guarded && expect === 'any') return;
    const path = operation.path.replace(
      /\{(\w+)\}/g,
      (_match, name: string) => (parts.path ?? basePath)[name] ?? '',
    );
    const query = (parts.query ?? baseQuery).map(([key, value]) => `${key}=${value}`).join('&');
    const body = parts.body ?? (baseBody === undefined ? undefined : jsonBytes(baseBody));
    const headers: Record<string, string> = {
      ...(body ? { 'content-type': parts.contentType ?? 'application/json' } : {}),
      ...baseHeaders,
      ...(body && operation.body ? context.sign?.(operation, body) : {}),
      ...parts.headers,
    };
    cases.push({
      operation,
      what,
      expect,
      method: operation.method,
      url: query ? `${path}?${query}` : path,
      headers,
      body,
      anonymous: false,
    });
  };

  for (const param of operation.pathParams) {
    for (const [what, value] of PATH_VALUES) {
      add(`path ${param.name} = ${what}`, 'refused', {
        path: { ...basePath, [param.name]: value },
      });
    }
  }

  for (const param of operation.queryParams) {
    const others = baseQuery.filter(([key]) => key !== param.name);
    if (param.required) add(`query ${param.name} missing`, 'refused', { query: others });
    for (const [what, encoded, decoded] of QUERY_VALUES) {
      add(`query ${param.name} = ${what}`, queryExpectation(param, decoded), {
        query: [...others, [param.name, encoded]],
      });
    }
    add(`query ${param.name} repeated`, param.schema.type === 'array' ? 'any' : 'refused', {
      query: [...others, [param.name, queryText(sampleOf(param.schema))], [param.name, 'x']],
    });
  }
  for (const key of ['__proto__', 'constructor', 'fuzzUnknown']) {
    // A route without a query DTO ignores keys it does not read; one with a DTO refuses them.
    add(`query key ${key}`, operation.queryParams.length > 0 ? 'refused' : 'any', {
      query: [...baseQuery, [key, 'x']],
    });
  }
  add('query with invalid UTF-8', operation.path.startsWith('/api/') ? 'refused' : 'any', {
    query: [...baseQuery, ['x', '%FF%FE']],
  });

  for (const param of operation.headerParams) {
    for (const [what, value] of HEADER_VALUES) {
      add(`header ${param.name} = ${what}`, 'refused', { headers: { [param.name]: value } });
    }
  }

  if (operation.body && !/json/.test(operation.body.contentType)) {
    // Not JSON: raw bytes of the declared type, whose validity the document cannot tell.
    for (const [what, bytes] of [
      ['random bytes', Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0x0a])],
      ['invalid UTF-8', INVALID_UTF8],
      ['100 KB+', Buffer.from(HUGE)],
    ] as const) {
      add(`body = ${what}`, 'any', { body: bytes, contentType: operation.body.contentType });
    }
  } else if (operation.body) {
    const schema = operation.body.schema;
    const base = Array.isArray(baseBody) ? {} : (baseBody ?? {});
    const entries = (replace: Record<string, unknown>, omit?: string): Entries =>
      new Entries([
        ...Object.entries(base).filter(([key]) => key !== omit && !(key in replace)),
        ...Object.entries(replace),
      ]);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const required = schema.required?.includes(name) ?? false;
      if (required) add(`body.${name} missing`, 'refused', { body: jsonBytes(entries({}, name)) });
      for (const mutation of fieldMutations(property, required)) {
        add(`body.${name} = ${mutation.what}`, mutation.expect, {
          body: jsonBytes(entries({ [name]: mutation.value })),
        });
      }
    }
    const keyed = (key: string | Raw, value: unknown) =>
      jsonBytes(new Entries([[key, value], ...Object.entries(base)]));
    add('body key __proto__', 'refused', { body: keyed('__proto__', { isAdmin: true }) });
    add('body key constructor', 'refused', {
      body: keyed('constructor', { prototype: { isAdmin: true } }),
    });
    add('body key prototype', 'refused', { body: keyed('prototype', { isAdmin: true }) });
    add('body unknown key', 'refused', { body: keyed('fuzzUnknown', 1) });
    add('body key of invalid UTF-8', 'refused', {
      body: keyed(new Raw(Buffer.concat([Buffer.from('"'), INVALID_UTF8, Buffer.from('"')])), 1),
    });
    add('body key with NUL', 'refused', { body: keyed('a\u0000', 1) });

    const topLevel: Array<[string, unknown, Expectation]> = [
      ['[]', [], 'refused'],
      ['[base]', [base], operation.body.acceptsArray ? 'any' : 'refused'],
      ['a string', 'text', 'refused'],
      ['a number', 42, 'refused'],
      ['null', null, 'refused'],
      ['true', true, 'refused'],
      ['nested 100 deep', nested(100), 'refused'],
      ['arrays nested 10000 deep', Raw.text('['.repeat(10_000) + ']'.repeat(10_000)), 'refused'],
      ['100 KB+', { ...base, padding: HUGE }, 'refused'],
      ['invalid UTF-8 bytes', new Raw(INVALID_UTF8), 'refused'],
    ];
    for (const [what, value, expect] of topLevel) {
      add(`body = ${what}`, expect, { body: jsonBytes(value) });
    }
    for (const text of MALFORMED_JSON) {
      add(`body = malformed ${JSON.stringify(text)}`, 'refused', { body: Buffer.from(text) });
    }
    const wellFormed = jsonBytes(base);
    const contentTypes: Array<[string, Buffer]> = [
      ['text/plain', wellFormed],
      ['application/x-www-form-urlencoded', Buffer.from('a=1&b=2')],
      ['multipart/form-data; boundary=x', Buffer.from('--x\r\n\r\n--x--\r\n')],
      ['application/octet-stream', Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f])],
      ['application/json; charset=latin1', wellFormed],
      ['application/json; charset=nonsense', wellFormed],
    ];
    for (const [contentType, body] of contentTypes) {
      add(`body as ${contentType}`, 'refused', { body, contentType });
    }
  } else if (operation.method !== 'GET') {
    // No body is read, but the JSON parser runs first: what it refuses never reaches the route.
    add('unexpected malformed body', 'refused', { body: Buffer.from('{') });
    add('unexpected body of invalid UTF-8', 'refused', { body: new Raw(INVALID_UTF8).bytes });
    add('unexpected body nested 100 deep', 'refused', { body: jsonBytes(nested(100)) });
  }

  return cases;
}

/** A base path value that passes the route's own parsing but names nothing. */
function basePathValue(param: ParameterSpec): string {
  if (param.schema.format === 'uuid' || /(^id|Id)$/.test(param.name)) return MISSING_UUID;
  return 'fuzz_missing';
}

function queryText(value: unknown): string {
  return encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value));
}

/** Path values, percent-encoded: none of them names anything, so every one must be refused. */
const PATH_VALUES: Array<[string, string]> = [
  ['not an id', 'not-an-id'],
  ['-1', '-1'],
  ['0', '0'],
  ['1e999', '1e999'],
  ['NaN', 'NaN'],
  ['null', 'null'],
  ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['an upper-case UUID', MISSING_UUID.toUpperCase()],
  ['a UUID in braces', `%7B${MISSING_UUID}%7D`],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['toString', 'toString'],
  ['an SQL quote', "x'%20OR%20'1'%3D'1"],
  ['a traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['NUL', 'a%00b'],
  ['a control character', 'a%07b'],
  ['invalid UTF-8', '%FF%FE'],
  ['an overlong encoding', '%C0%AF'],
  ['an encoded surrogate', '%ED%A0%80'],
  ['a 5 KB string', 'x'.repeat(5000)],
  ['a 100 KB string', HUGE],
];

/** Query values: [label, as sent, as the API decodes it (undefined: refused by every route)]. */
const QUERY_VALUES: Array<[string, string, string | undefined]> = [
  ['garbage', 'not-valid', 'not-valid'],
  ['empty', '', ''],
  ['-1', '-1', '-1'],
  ['0', '0', '0'],
  ['1.5', '1.5', '1.5'],
  ['1e999', '1e999', '1e999'],
  ['NaN', 'NaN', 'NaN'],
  ['Infinity', 'Infinity', 'Infinity'],
  ['20 digits', '99999999999999999999', '99999999999999999999'],
  ['null', 'null', 'null'],
  ['a far date', '%2B275760-09-13T00%3A00%3A00.001Z', '+275760-09-13T00:00:00.001Z'],
  ['an impossible date', '2026-02-30', '2026-02-30'],
  ['__proto__', '__proto__', '__proto__'],
  ['an SQL quote', "x'%20OR%20'1'%3D'1", "x' OR '1'='1"],
  ['a 5 KB string', 'x'.repeat(5000), 'x'.repeat(5000)],
  ['a 100 KB string', HUGE, undefined],
  ['NUL', 'a%00b', undefined],
  ['a control character', 'a%07b', undefined],
  ['invalid UTF-8', '%FF%FE', undefined],
  ['an encoded surrogate', '%ED%A0%80', undefined],
];

/** Whether a query value may be valid for its parameter. */
function queryExpectation(param: ParameterSpec, value: string | undefined): Expectation {
  if (value === undefined) return 'refused';
  const schema = param.schema;
  if (schema.type === 'array') {
    // A list filter splits on commas and skips empty parts: `teamId=` filters nothing.
    const items = { ...param, schema: schema.items ?? {} };
    const parts = value.split(',').filter((part) => part.trim() !== '');
    return parts.every((part) => queryExpectation(items, part) === 'any') ? 'any' : 'refused';
  }
  switch (schema.type ?? 'string') {
    case 'number':
    case 'integer': {
      const number = Number(value);
      if (value === '' || !Number.isFinite(number)) return 'refused';
      return outOfRange(schema, number);
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? 'any' : 'refused';
    default:
      return acceptsText(schema, value);
  }
}

const HEADER_VALUES: Array<[string, string]> = [
  ['empty', ''],
  ['garbage', 'garbage'],
  ['a bad timestamp', `t=abc,v1=${'0'.repeat(64)}`],
  ['a 20-digit timestamp', `t=99999999999999999999,v1=${'0'.repeat(64)}`],
  ['a wrong signature', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`],
  ['non-hex', `t=1,v1=${'g'.repeat(64)}`],
  ['an 8 KB value', `t=1,v1=${'0'.repeat(8000)}`],
];

/**
 * The same requests without the admin's credentials: no token, a token that is no JWT, an
 * oversized one, another scheme. On an operation that needs a user, each must be refused (401);
 * on a public one, the answer must not depend on the token the admin sent.
 */
export function anonymousCases(operation: Operation, cases: FuzzCase[], every: number): FuzzCase[] {
  const credentials: Array<[string, Record<string, string>]> = [
    ['no token', {}],
    ['a token that is no JWT', { authorization: 'Bearer not.a.jwt' }],
    ['an 8 KB token', { authorization: `Bearer ${'a'.repeat(8000)}` }],
    ['Basic credentials', { authorization: 'Basic YWRtaW46eA==' }],
  ];
  const sample = cases.filter((_fuzzCase, index) => index % every === 0);
  return sample.flatMap((fuzzCase, index) =>
    // The first sampled case goes with every kind of credential, the others with none.
    (index === 0 ? credentials : credentials.slice(0, 1)).map(([credential, extra]): FuzzCase => ({
      ...fuzzCase,
      what: `${fuzzCase.what}, ${credential}`,
      expect: operation.authenticated ? 'refused' : fuzzCase.expect,
      headers: { ...fuzzCase.headers, ...extra },
      anonymous: true,
    })),
  );
}
