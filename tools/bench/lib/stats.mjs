// Small helpers to report benchmark figures.

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Prints rows (arrays of cells) as a table with aligned columns; the first row is the header. */
export function printTable(rows, out = console.log) {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (row) =>
    row
      .map((cell, column) => String(cell ?? '').padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  out(line(rows[0]));
  out(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) out(line(row));
}
