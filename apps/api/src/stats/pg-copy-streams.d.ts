// pg-copy-streams ships no types (and @types/pg-copy-streams would be one more package for one
// function): the part the CSV export uses.
declare module 'pg-copy-streams' {
  import type { Readable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** `COPY ... TO STDOUT` as a readable stream of the bytes PostgreSQL sends. */
  export function to(text: string): Readable & Submittable;
}
