/**
 * Rows under upper-case headers, columns padded to their widest cell, as
 * kubectl prints them. Empty cells show as `-`; the last column is not padded.
 */
export function table(
  headers: string[],
  rows: Array<Array<string | number | undefined>>,
): string {
  const cells = [
    headers.map(h => h.toUpperCase()),
    ...rows.map(row =>
      headers.map((_, i) => {
        const cell = row[i];
        return cell === undefined || cell === '' ? '-' : String(cell);
      }),
    ),
  ];
  const widths = headers.map((_, i) =>
    Math.max(...cells.map(row => row[i].length)),
  );
  return cells
    .map(row =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell.padEnd(widths[i]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `Label:  value` lines, labels padded alike; undefined values are left out. */
export function fields(
  entries: Array<[string, string | number | undefined]>,
): string {
  const shown = entries.filter(
    ([, value]) => value !== undefined && value !== '',
  );
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  return shown
    .map(([label, value]) => `${`${label}:`.padEnd(width)}  ${value}`)
    .join('\n');
}
