/** One RFC 4180 cell: text as is, other values as JSON, quoted when needed. */
function cell(value: unknown, separator = ','): string {
  const s = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefixed with a quote.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180 CSV (CRLF line ends) from a header and rows of the same width. `separator: ';'` for
 * French Excel, which reads a comma as the decimal mark.
 */
export function csvTable(header: readonly string[], rows: readonly (readonly unknown[])[], separator: ',' | ';' = ','): string {
  return [header, ...rows].map((row) => row.map((v) => cell(v, separator)).join(separator)).join('\r\n') + '\r\n';
}

/** A byte order mark first, so that Excel opens UTF-8 (accents) as UTF-8. */
export const withBom = (csv: string) => `\uFEFF${csv}`;
