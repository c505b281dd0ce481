// Checks a read value can be trusted by: NPI check digits, real calendar dates, money, tax ids.
import { parseDollarsToCents } from '../../model/money.ts';

/** NPI: ten digits whose last is the Luhn check digit computed over the 80840 card-issuer prefix. */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A calendar date from month, day and a 2- or 4-digit year, as YYYY-MM-DD; null when it is not a real date. */
export function isoDate(month: string, day: string, year: string, pivotYear = new Date().getUTCFullYear() % 100 + 1): string | null {
  if (!/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day) || !/^(\d{2}|\d{4})$/.test(year)) return null;
  const y = year.length === 4 ? Number(year) : Number(year) <= pivotYear ? 2000 + Number(year) : 1900 + Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Dates printed as MM/DD/YY(YY), MM-DD-YYYY, MMDDYY(YY) or "MM DD YY". */
export function parseDateText(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2}|\d{4})$/.exec(t);
  if (m) return isoDate(m[1]!, m[2]!, m[3]!);
  m = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(t);
  if (m) return isoDate(m[1]!, m[2]!, m[3]!);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoDate(m[2]!, m[3]!, m[1]!);
  return null;
}

/**
 * Money as printed on forms: "1,136.16", "$-1,136.16", "659.00 Y", "428 83" (dollars and cents in split cells).
 * Returns null when the text is not an amount.
 */
export function parseMoney(text: string): number | null {
  let t = text.trim().replace(/^\$\s*/, '').replace(/\s+[A-Z]{1,2}$/, '');
  const split = /^(-?[\d,]+)\s+(\d{2})$/.exec(t);
  if (split) t = `${split[1]}.${split[2]}`;
  const negativeParens = /^\((.*)\)$/.exec(t);
  if (negativeParens) t = `-${negativeParens[1]}`;
  if (/CR$/i.test(t)) t = `-${t.replace(/\s*CR$/i, '')}`;
  if (!/^-?\$?[\d,]*\.?\d*$/.test(t) || !/\d/.test(t)) return null;
  if (/,/.test(t) && !/^-?\$?\d{1,3}(,\d{3})*(\.\d*)?$/.test(t)) return null;
  return parseDollarsToCents(t);
}

/** A federal tax id as printed: EIN (NN-NNNNNNN) or SSN; digits only, or null. */
export function normalizeTaxId(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{9}$/.test(digits) ? digits : null;
}

export function normalizeZip(text: string): { zip: string; zipPlus4: string | null } | null {
  const m = /\b(\d{5})(?:-?(\d{4}))?\s*$/.exec(text.trim());
  return m ? { zip: m[1]!, zipPlus4: m[2] ?? null } : null;
}

/** Digit strings one misread apart: one digit different, or one digit dropped or doubled. */
export function digitsClose(a: string, b: string): boolean {
  const x = a.replace(/\D/g, '');
  const y = b.replace(/\D/g, '');
  if (x === y) return true;
  if (x.length === y.length) return [...x].filter((c, i) => c !== y[i]).length === 1;
  return x.length > y.length ? oneMore(y, x) : oneMore(x, y);
}

/** Whether `longer` is `shorter` with one character put in somewhere (a read that lost one: 8 for 18). */
export function oneMore(shorter: string, longer: string): boolean {
  return longer.length === shorter.length + 1 && [...longer].some((_, i) => longer.slice(0, i) + longer.slice(i + 1) === shorter);
}
