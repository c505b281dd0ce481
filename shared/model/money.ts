// Money is integer cents everywhere inside Parley; dollars exist only at the edges (parsing, printing).

/** Parses a decimal dollar string ("1,136.16", "$-40", "12.5") into integer cents, or null when it is not money. */
export function parseDollarsToCents(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, '');
  const match = /^(-)?(\d*)(?:\.(\d{0,2})\d*)?$/.exec(cleaned);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const whole = Number(match[2] || '0');
  const fraction = Number((match[3] ?? '').padEnd(2, '0'));
  const cents = whole * 100 + fraction;
  return match[1] ? -cents : cents;
}

/** Formats integer cents as "$1,234.56". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** Rounds a fractional cent amount half away from zero, as CMS rounds published payment amounts. */
export function roundCents(cents: number): number {
  // The epsilon absorbs binary floating-point error (e.g. 8895.2875 stored as 8895.287499999).
  return Math.sign(cents) * Math.round(Math.abs(cents) + 1e-7);
}

export function sumCents(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
