import { ErrorCode } from '@poscalls4u/contracts';

import { FuzzCase } from './mutations';

/** A request that has not answered by then is a hang, and a failure. */
const REQUEST_TIMEOUT_MS = 10_000;

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** What must never reach a client: a stack frame, or the text of an SQL statement or error. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack trace', /\bat .+\(.+:\d+:\d+\)|\.(ts|js):\d+:\d+/],
  ['SQL text', /\b(select|insert|update|delete)\s.+\b(from|into|set|where)\b/i],
  ['an SQL error', /syntax error at|violates|invalid input syntax|out of range for type/i],
];

export interface FuzzAnswer {
  status: number;
  text: string;
  ms: number;
  /** Why the exchange itself failed (timeout, connection reset). */
  error?: string;
}

export async function send(
  baseUrl: string,
  fuzzCase: FuzzCase,
  token: string,
): Promise<FuzzAnswer> {
  const started = Date.now();
  try {
    const response = await fetch(`${baseUrl}${fuzzCase.url}`, {
      method: fuzzCase.method,
      headers: {
        ...(fuzzCase.anonymous ? {} : { authorization: `Bearer ${token}` }),
        ...fuzzCase.headers,
      },
      body: fuzzCase.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    return { status: response.status, text, ms: Date.now() - started };
  } catch (error) {
    const name = (error as Error).name;
    return {
      status: 0,
      text: '',
      ms: Date.now() - started,
      error:
        name === 'TimeoutError'
          ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
          : `the request failed: ${String((error as Error).cause ?? error)}`,
    };
  }
}

/** Why an answer breaks the rules, or undefined when it keeps them. */
export function verdict(fuzzCase: FuzzCase, answer: FuzzAnswer): string | undefined {
  if (answer.error) return answer.error;
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  for (const [what, pattern] of LEAKS) {
    if (pattern.test(answer.text)) return `leaks ${what}: ${answer.text.slice(0, 300)}`;
  }
  if (answer.status < 400) {
    return fuzzCase.expect === 'refused'
      ? `accepted an invalid request (${answer.status})`
      : undefined;
  }
  let body: { success?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `answered ${answer.status} without a JSON envelope: ${answer.text.slice(0, 120)}`;
  }
  if (body.success !== false || typeof body.error?.message !== 'string') {
    return `answered ${answer.status} outside the error envelope: ${answer.text.slice(0, 200)}`;
  }
  if (!ERROR_CODES.has(String(body.error.code))) {
    return `answered ${answer.status} with the unknown code ${String(body.error.code)}`;
  }
  return undefined;
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
