// Blocks both documents draw: the claim identifier grid and signature lines.
import { COLORS, CONTENT_WIDTH, LetterCanvas, MARGIN_LEFT } from './letter-canvas.ts';
import { printable } from './plain-text.ts';

/** Prints an identifier, or "not stated" when the bill did not carry it. */
export function notStated(value: string | null | undefined, maxLength = 60): string {
  const text = printable(value, maxLength);
  return text === '' ? 'not stated' : text;
}

/** Columns of label/value pairs in a shaded box; a long value wraps onto a second line. */
export function drawIdentifierGrid(c: LetterCanvas, columns: { width: number; labelWidth: number; rows: [string, string][] }[]): void {
  const lineHeight = 11;
  const rowCount = Math.max(...columns.map((col) => col.rows.length));
  const wrapped = columns.map((col) =>
    col.rows.map(([label, value]) => ({ label, lines: c.wrap(value, col.width - col.labelWidth - 18, 'regular', 8.5, 2) })),
  );
  const rowHeights = Array.from({ length: rowCount }, (_, r) =>
    Math.max(...wrapped.map((col) => col[r]?.lines.length ?? 1)) * lineHeight + 2.5,
  );
  const height = rowHeights.reduce((a, b) => a + b, 0) + 12;
  c.ensureSpace(height + 12);
  c.box(MARGIN_LEFT, c.y, CONTENT_WIDTH, height, COLORS.shade, COLORS.rule);
  let x = MARGIN_LEFT + 10;
  columns.forEach((col, ci) => {
    let y = c.y + 7;
    wrapped[ci]!.forEach((row, ri) => {
      c.label(row.label, x, y, { font: 'bold', size: 8.5, color: COLORS.muted, width: col.labelWidth });
      row.lines.forEach((line, li) => c.label(line, x + col.labelWidth + 2, y + li * lineHeight, { size: 8.5, width: col.width - col.labelWidth - 16 }));
      y += rowHeights[ri]!;
    });
    x += col.width;
  });
  c.y += height + 14;
}

/** Rows of labelled lines to sign on, two per row: [["Name", "Title"], ["Signature", "Date"]]. Values prefill a line. */
export function drawSignatureLines(
  c: LetterCanvas,
  x: number,
  width: number,
  rows: [string, string][],
  values: Record<string, string> = {},
): void {
  const gap = 24;
  const half = (width - gap) / 2;
  for (const pair of rows) {
    c.ensureSpace(34);
    pair.forEach((label, i) => {
      const lx = x + i * (half + gap);
      const value = values[label];
      if (value) c.label(value, lx, c.y + 6, { size: 10, width: half });
      c.rule(c.y + 20, COLORS.ink, 0.6, lx, lx + half);
      c.label(label, lx, c.y + 23, { size: 7.5, color: COLORS.muted, width: half });
    });
    c.y += 34;
  }
}
