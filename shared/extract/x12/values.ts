// Parses X12 data element values (R amounts, D8/RD8/DT dates, quantities) exactly, without floating point.

/** An X12 "R" amount ("1234.5", "-40", ".75") as integer cents; null when it is not a valid amount or has sub-cent digits. */
export function parseAmountCents(text: string): number | null {
  const length = text.length;
  if (length === 0 || length > 18) return null;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  let c = 0;
  for (; i < length; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
  }
  let fraction = 0;
  if (i < length) {
    if (c !== 46 /* . */) return null;
    i++;
    let fractionDigits = 0;
    for (; i < length; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      if (fractionDigits < 2) fraction = fraction * 10 + (c - 48);
      else if (c !== 48) return null; // a fraction of a cent cannot be money here
      fractionDigits++;
      digits++;
    }
    if (fractionDigits === 1) fraction *= 10;
  }
  if (digits === 0) return null;
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) return null;
  return negative ? -cents : cents;
}

/** Formats integer cents as an X12 "R" amount: "123.45", "-0.50", "0". */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100);
  const rest = abs % 100;
  if (rest === 0) return `${sign}${dollars}`;
  return `${sign}${dollars}.${String(rest).padStart(2, '0')}`;
}

/** An X12 quantity ("1.00", "61", ".5") as a number; null when it is not a non-negative decimal. */
export function parseQuantity(text: string): number | null {
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Claims in one file share few distinct dates: remember them, so each is checked and built once (and shared). */
const d8Cache = new Map<string, string>();
const D8_CACHE_LIMIT = 20_000;

/** CCYYMMDD -> "CCYY-MM-DD", or null when it is not a real calendar date. */
export function parseD8(text: string): string | null {
  const cached = d8Cache.get(text);
  if (cached !== undefined) return cached;
  const iso = checkD8(text);
  if (iso !== null) {
    if (d8Cache.size >= D8_CACHE_LIMIT) d8Cache.clear();
    d8Cache.set(text, iso);
  }
  return iso;
}

function checkD8(text: string): string | null {
  if (text.length !== 8) return null;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!;
  if (day > max) return null;
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * A DTP date by its format qualifier: D8 (one date), RD8 (CCYYMMDD-CCYYMMDD), DT (CCYYMMDDHHMM, date part kept).
 * Null when the value does not match its qualifier.
 */
export function parseDtpDate(qualifier: string, value: string): DateRange | null {
  switch (qualifier) {
    case 'D8': {
      const date = parseD8(value);
      return date ? { from: date, to: date } : null;
    }
    case 'RD8': {
      const dash = value.indexOf('-');
      if (dash !== 8) return null;
      const from = parseD8(value.slice(0, 8));
      const to = parseD8(value.slice(9));
      if (!from || !to || to < from) return null;
      return { from, to };
    }
    case 'DT': {
      if (value.length !== 12 || !/^\d{12}$/.test(value)) return null;
      const hour = Number(value.slice(8, 10));
      const minute = Number(value.slice(10, 12));
      if (hour > 24 || minute > 59) return null;
      const date = parseD8(value.slice(0, 8));
      return date ? { from: date, to: date } : null;
    }
    default:
      return null;
  }
}

/** Revenue codes are four digits; older files drop the leading zero ("450") or add decimals ("450.00"). */
export function normalizeRevenueCode(text: string): string | null {
  const match = /^(\d{1,4})(?:\.0*)?$/.exec(text);
  if (!match) return null;
  return match[1]!.padStart(4, '0');
}
