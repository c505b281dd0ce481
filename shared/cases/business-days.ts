// Business-day arithmetic over ISO dates: weekends and observed US federal holidays are not business days.
// Convention: counting n business days from a date starts the day after it (the date itself is day 0), so
// addBusinessDays('2026-03-06', 1) is the next business day, and businessDaysBetween(a, addBusinessDays(a, n)) === n.
import { observedHolidayOn } from './us-federal-holidays.ts';

const DAY_MS = 86_400_000;

/** A string that is not a real calendar date in the form YYYY-MM-DD. */
export class InvalidIsoDate extends RangeError {
  override readonly name = 'InvalidIsoDate';
  constructor(readonly value: string) {
    super(`expected a calendar date as YYYY-MM-DD, got "${String(value).slice(0, 30)}"`);
  }
}

/** Days since 1970-01-01 for an ISO date; refuses impossible dates like 2025-02-30. */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new InvalidIsoDate(date);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) throw new InvalidIsoDate(date);
  return ms / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

export function isWeekend(date: string): boolean {
  const dow = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The name of the federal holiday observed on `date`, or null. */
export function holidayOn(date: string): string | null {
  dayNumber(date);
  return observedHolidayOn(date);
}

export function isBusinessDay(date: string): boolean {
  return !isWeekend(date) && holidayOn(date) === null;
}

/** The date `n` business days after `date` (n < 0: before it). n = 0 returns `date` unchanged, business day or not. */
export function addBusinessDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be a whole number, got ${n}`);
  let day = dayNumber(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isBusinessDay(fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

/**
 * The n with addBusinessDays(from, n) === to when `to` is a business day: the business days d with from < d <= to,
 * or, when `to` is earlier, minus the business days d with to <= d < from.
 */
export function businessDaysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  let count = 0;
  if (b >= a) {
    for (let day = a + 1; day <= b; day++) if (isBusinessDay(fromDayNumber(day))) count++;
    return count;
  }
  for (let day = b; day < a; day++) if (isBusinessDay(fromDayNumber(day))) count++;
  return -count;
}

/** `date` if it is a business day, else the next one. */
export function onOrNextBusinessDay(date: string): string {
  return isBusinessDay(date) ? date : addBusinessDays(date, 1);
}
