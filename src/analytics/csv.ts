/**
 * CSV (RFC 4180): CRLF line ends, fields quoted when they hold a quote, comma or line break. A text cell that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP's advice on
 * CSV injection): reader names and origins come from request headers anyone can write.
 */
export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const cell = (value: string | number) => {
    if (typeof value === 'number') return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return (
    [
      columns.join(','),
      ...rows.map((r) => columns.map((c) => cell((r[c] as string | number | undefined) ?? '')).join(',')),
    ].join('\r\n') + '\r\n'
  );
}
