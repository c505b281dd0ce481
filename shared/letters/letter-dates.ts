// Dates as a letter prints them, from ISO strings, without time zones ("2026-03-05" -> "March 5, 2026").

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function parts(iso: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${iso.slice(0, 20)}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** "March 5, 2026" */
export function longDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "03/05/2026", the form billing offices use in tables. */
export function shortDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
}

/** Noon UTC on that day: a fixed instant for the PDF's creation date, so the same letter gives the same bytes. */
export function instantOf(iso: string): Date {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d, 12, 0, 0));
}

/** "03/02/2026 - 03/04/2026", or one date when both ends are the same. */
export function dateRange(from: string | null, to: string | null): string {
  if (from && to && from !== to) return `${shortDate(from)} - ${shortDate(to)}`;
  const one = from ?? to;
  return one ? shortDate(one) : 'not stated';
}

/** `iso` plus `days` calendar days. */
export function addCalendarDays(iso: string, days: number): string {
  const at = instantOf(iso);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
