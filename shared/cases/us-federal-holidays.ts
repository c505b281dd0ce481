// US federal holidays (5 U.S.C. 6103) for any year from 1971, with the dates on which they are observed.
//
// Observed-date rule (5 U.S.C. 6103(b), Executive Order 11582): a holiday on a Saturday is observed on the Friday
// before, one on a Sunday on the Monday after. So New Year's Day on a Saturday is observed on December 31 of the year
// before (2021-12-31 for 2022), and the observed dates that fall in a year are not all the holidays of that year.
//
// Left out on purpose: Inauguration Day (January 20 after a presidential election). It is a holiday only for federal
// employees in the Washington, DC area (5 U.S.C. 6103(c)); business days under the No Surprises Act and in
// ordinary commerce are counted nationwide, so it does not stop the clock.
//
// History kept: the Monday holidays date from the Uniform Monday Holiday Act (in force 1971); Veterans Day was the
// fourth Monday of October from 1971 to 1977 and November 11 since 1978; Martin Luther King Jr. Day from 1986;
// Juneteenth from 2021 (first observed on Friday 2021-06-18). Years before 1971 are refused rather than guessed.

export interface FederalHoliday {
  name: string;
  /** The holiday's own date, ISO. */
  date: string;
  /** The weekday on which it is observed (may be in the previous year for New Year's Day). */
  observed: string;
}

export const FIRST_SUPPORTED_YEAR = 1971;
const LAST_SUPPORTED_YEAR = 9999;

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday ... 6 = Saturday */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The `nth` (1-based) given weekday of a month; nth = -1 for the last. */
function nthWeekday(year: number, month: number, dow: number, nth: number): string {
  if (nth > 0) {
    const first = weekday(year, month, 1);
    return iso(year, month, 1 + ((dow - first + 7) % 7) + (nth - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekday(year, month, lastDay);
  return iso(year, month, lastDay - ((last - dow + 7) % 7));
}

function observedOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = weekday(y, m, d);
  const shift = dow === 6 ? -1 : dow === 0 ? 1 : 0;
  if (shift === 0) return date;
  const at = new Date(Date.UTC(y, m - 1, d + shift));
  return at.toISOString().slice(0, 10);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`federal holidays are computed for the years ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR}, not ${year}`);
  }
}

/** The federal holidays whose own date falls in `year`, in calendar order. */
export function federalHolidays(year: number): FederalHoliday[] {
  checkYear(year);
  const days: [string, string][] = [["New Year's Day", iso(year, 1, 1)]];
  if (year >= 1986) days.push(['Birthday of Martin Luther King, Jr.', nthWeekday(year, 1, 1, 3)]);
  days.push(["Washington's Birthday", nthWeekday(year, 2, 1, 3)]);
  days.push(['Memorial Day', nthWeekday(year, 5, 1, -1)]);
  if (year >= 2021) days.push(['Juneteenth National Independence Day', iso(year, 6, 19)]);
  days.push(['Independence Day', iso(year, 7, 4)]);
  days.push(['Labor Day', nthWeekday(year, 9, 1, 1)]);
  days.push(['Columbus Day', nthWeekday(year, 10, 1, 2)]);
  days.push(['Veterans Day', year <= 1977 ? nthWeekday(year, 10, 1, 4) : iso(year, 11, 11)]);
  days.push(['Thanksgiving Day', nthWeekday(year, 11, 4, 4)]);
  days.push(['Christmas Day', iso(year, 12, 25)]);
  return days
    .map(([name, date]) => ({ name, date, observed: observedOf(date) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

const observedCache = new Map<number, ReadonlyMap<string, string>>();

/** Observed date -> holiday name, for the observed dates that fall within `year` (Dec 31 may belong to next year's New Year). */
export function observedHolidays(year: number): ReadonlyMap<string, string> {
  const cached = observedCache.get(year);
  if (cached) return cached;
  checkYear(year);
  const result = new Map<string, string>();
  const candidates = [...federalHolidays(year)];
  if (year < LAST_SUPPORTED_YEAR) candidates.push(...federalHolidays(year + 1).filter((h) => h.name === "New Year's Day"));
  for (const h of candidates) {
    if (h.observed.startsWith(`${String(year).padStart(4, '0')}-`)) result.set(h.observed, h.name);
  }
  observedCache.set(year, result);
  return result;
}

/** The holiday observed on `date` (ISO), or null. */
export function observedHolidayOn(date: string): string | null {
  return observedHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}
