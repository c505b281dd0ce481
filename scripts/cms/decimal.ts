// Parses published decimal figures into exact scaled integers (1.065 at scale 3 -> 1065), never through float math.

export class NotADecimal extends Error {
  override readonly name = 'NotADecimal';
  constructor(
    readonly text: string,
    readonly where: string,
  ) {
    super(`${where}: "${text}" is not a decimal number`);
  }
}

/** "1.065" -> 1065 (scale 3); "$1,740.720" -> 174072000 (scale 5). Blank -> null. Too many decimals -> error. */
export function parseScaled(text: string | number | null | undefined, scale: number, where: string): number | null {
  if (text === null || text === undefined) return null;
  const raw = typeof text === 'number' ? numberToPlainString(text) : text;
  const cleaned = raw.replace(/[$,\s]/g, '');
  if (cleaned === '' || cleaned === '.' || cleaned === '-') return null;
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) throw new NotADecimal(raw, where);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > scale) throw new NotADecimal(raw, `${where} (more than ${scale} decimals)`);
  const value = Number(m[2] || '0') * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
  return m[1] ? -value : value;
}

/** Formats a number without exponent notation (exceljs hands numeric cells over as JS numbers). */
function numberToPlainString(n: number): string {
  // Cells such as 7.77 arrive as the nearest double; 12 significant digits recover the decimal that was typed.
  return String(Number(n.toPrecision(12)));
}
