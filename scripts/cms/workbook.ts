// Reads an .xlsx sheet into rows of text cells with exceljs (import scripts only; the product never reads xlsx).
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

/** The first sheet (or the named one) as rows of cells; rich text and formulas are flattened to their values. */
export async function readSheet(bytes: Buffer, sheetName?: string): Promise<{ name: string; rows: Cell[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) throw new Error(`no sheet ${sheetName ?? '(first)'}`);
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(flatten(values[i]));
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { name: ws.name, rows };
}

function flatten(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return flatten(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return String(v);
}

/** A cell as trimmed text; numbers keep their typed digits. */
export function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell.trim();
}
