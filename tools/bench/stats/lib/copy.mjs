// Bulk loading for the stats bench: COPY FROM STDIN through pg-copy-streams with backpressure,
// and the usual bulk-load moves (secondary indexes dropped and rebuilt afterwards, foreign-key
// triggers skipped when the generator guarantees the references), all reversible.
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const CHUNK_BYTES = 1 << 20;

/**
 * A COPY into `table` on its own connection. `write(line)` buffers; `flush()` hands full chunks
 * to the server and waits while it is behind; `end()` finishes the COPY and answers the row count.
 */
export async function openCopy(url, table, columns, { skipForeignKeys = false } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Replica mode skips the foreign-key triggers (superuser only): the generator only references
  // rows it has inserted, so there is nothing for them to find.
  if (skipForeignKeys) await client.query('SET session_replication_role = replica');
  const stream = client.query(
    copyFrom(`COPY ${table} (${columns.map((name) => `"${name}"`).join(', ')}) FROM STDIN`),
  );
  let failure;
  stream.on('error', (error) => {
    failure = error;
  });
  let buffer = [];
  let bytes = 0;
  let rows = 0;
  const send = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const chunk = buffer.join('');
    buffer = [];
    bytes = 0;
    if (!stream.write(chunk) && !failure)
      await new Promise((done) => {
        const settle = () => {
          stream.off('drain', settle);
          stream.off('error', settle);
          done();
        };
        stream.on('drain', settle);
        stream.on('error', settle);
      });
    if (failure) throw failure;
  };
  return {
    table,
    get rows() {
      return rows;
    },
    push(lines) {
      for (const text of lines) {
        buffer.push(text);
        bytes += text.length;
      }
      rows += lines.length;
      lines.length = 0;
    },
    async flush() {
      if (bytes >= CHUNK_BYTES) await send();
    },
    async end() {
      try {
        await send();
        stream.end();
        if (!failure) await once(stream, 'finish');
        if (failure) throw failure;
        return rows;
      } finally {
        await client.end();
      }
    },
  };
}

/** COPY of a small, fully built set of rows. */
export async function copyRows(url, table, columns, lines, options) {
  const copy = await openCopy(url, table, columns, options);
  copy.push(lines);
  return copy.end();
}

/**
 * Drops the secondary indexes of `tables` (not primary keys or constraint-backed ones) and
 * answers a function that recreates them from their definitions, whatever migrations added.
 */
export async function dropSecondaryIndexes(client, tables) {
  const { rows } = await client.query(
    `SELECT i.indexname, i.tablename, i.indexdef
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX "${row.indexname}"`);
  return {
    dropped: rows,
    async recreate(onProgress = () => undefined) {
      for (const row of rows) {
        const started = Date.now();
        await client.query(row.indexdef);
        onProgress(row, Date.now() - started);
      }
    },
  };
}
