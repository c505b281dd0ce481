import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidIsoDate,
  addBusinessDays,
  addCalendarDays,
  businessDaysBetween,
  holidayOn,
  isBusinessDay,
  onOrNextBusinessDay,
} from '../../shared/cases/business-days.ts';
import { federalHolidays, observedHolidays } from '../../shared/cases/us-federal-holidays.ts';

// OPM's published federal holiday schedule (opm.gov, "Federal Holidays"), observed dates, written out by hand.
// Each year lists the observed dates that fall in that year: 2022's New Year's Day is observed on 2021-12-31,
// and 2028's on 2027-12-31.
const OPM_OBSERVED: Record<number, string[]> = {
  2021: ['01-01', '01-18', '02-15', '05-31', '06-18', '07-05', '09-06', '10-11', '11-11', '11-25', '12-24', '12-31'],
  2022: ['01-17', '02-21', '05-30', '06-20', '07-04', '09-05', '10-10', '11-11', '11-24', '12-26'],
  2023: ['01-02', '01-16', '02-20', '05-29', '06-19', '07-04', '09-04', '10-09', '11-10', '11-23', '12-25'],
  2024: ['01-01', '01-15', '02-19', '05-27', '06-19', '07-04', '09-02', '10-14', '11-11', '11-28', '12-25'],
  2025: ['01-01', '01-20', '02-17', '05-26', '06-19', '07-04', '09-01', '10-13', '11-11', '11-27', '12-25'],
  2026: ['01-01', '01-19', '02-16', '05-25', '06-19', '07-03', '09-07', '10-12', '11-11', '11-26', '12-25'],
  2027: ['01-01', '01-18', '02-15', '05-31', '06-18', '07-05', '09-06', '10-11', '11-11', '11-25', '12-24', '12-31'],
  2028: ['01-17', '02-21', '05-29', '06-19', '07-04', '09-04', '10-09', '11-10', '11-23', '12-25'],
  2029: ['01-01', '01-15', '02-19', '05-28', '06-19', '07-04', '09-03', '10-08', '11-12', '11-22', '12-25'],
  2030: ['01-01', '01-21', '02-18', '05-27', '06-19', '07-04', '09-02', '10-14', '11-11', '11-28', '12-25'],
};

describe('US federal holidays', () => {
  it.each(Object.entries(OPM_OBSERVED))('observes in %s exactly the dates OPM publishes', (year, days) => {
    expect([...observedHolidays(Number(year)).keys()].sort()).toEqual(days.map((d) => `${year}-${d}`));
  });

  it('moves a Saturday holiday to the Friday before and a Sunday holiday to the Monday after', () => {
    const byName = (year: number, name: string) => federalHolidays(year).find((h) => h.name === name)!;
    expect(byName(2021, 'Christmas Day')).toEqual({ name: 'Christmas Day', date: '2021-12-25', observed: '2021-12-24' });
    expect(byName(2022, 'Christmas Day').observed).toBe('2022-12-26');
    expect(byName(2022, "New Year's Day").observed).toBe('2021-12-31');
    expect(byName(2023, "New Year's Day").observed).toBe('2023-01-02');
    expect(byName(2026, 'Independence Day').observed).toBe('2026-07-03');
    expect(byName(2027, 'Juneteenth National Independence Day').observed).toBe('2027-06-18');
    expect(byName(2023, 'Veterans Day').observed).toBe('2023-11-10');
    expect(holidayOn('2021-12-31')).toBe("New Year's Day");
  });

  it('follows the history of the law: Juneteenth from 2021, MLK Day from 1986, Veterans Day in October 1971-1977', () => {
    const names = (year: number) => federalHolidays(year).map((h) => h.name);
    expect(names(2020)).not.toContain('Juneteenth National Independence Day');
    expect(names(2021)).toContain('Juneteenth National Independence Day');
    expect(names(1985)).not.toContain('Birthday of Martin Luther King, Jr.');
    expect(federalHolidays(1986).find((h) => h.name.startsWith('Birthday'))?.date).toBe('1986-01-20');
    expect(federalHolidays(1976).find((h) => h.name === 'Veterans Day')?.date).toBe('1976-10-25');
    expect(federalHolidays(1978).find((h) => h.name === 'Veterans Day')?.date).toBe('1978-11-11');
    expect(() => federalHolidays(1970)).toThrowError(RangeError);
  });

  it('computes eleven holidays for far years too, each observed on a weekday', () => {
    for (const year of [2031, 2045, 2100, 2400, 3000]) {
      const days = federalHolidays(year);
      expect(days).toHaveLength(11);
      for (const h of days) expect([1, 2, 3, 4, 5]).toContain(new Date(`${h.observed}T00:00:00Z`).getUTCDay());
    }
    expect(federalHolidays(2100).find((h) => h.name === 'Thanksgiving Day')?.date).toBe('2100-11-25');
  });
});

describe('business days', () => {
  it('skips weekends and observed holidays', () => {
    expect(isBusinessDay('2026-07-03')).toBe(false); // observed Independence Day
    expect(isBusinessDay('2026-07-04')).toBe(false); // Saturday
    expect(isBusinessDay('2026-07-06')).toBe(true);
    expect(isBusinessDay('2021-12-31')).toBe(false);
    expect(isBusinessDay('2022-12-26')).toBe(false);
    expect(isBusinessDay('2022-12-25')).toBe(false); // Sunday
    expect(isBusinessDay('2026-04-03')).toBe(true); // Good Friday is not a federal holiday
  });

  it('adds business days across holidays that fall on weekends', () => {
    expect(addBusinessDays('2021-12-23', 1)).toBe('2021-12-27');
    expect(addBusinessDays('2021-12-30', 1)).toBe('2022-01-03');
    expect(addBusinessDays('2026-07-02', 1)).toBe('2026-07-06');
    expect(addBusinessDays('2027-06-17', 1)).toBe('2027-06-21');
    expect(addBusinessDays('2026-11-25', 2)).toBe('2026-11-30'); // Thanksgiving, then a weekend
    expect(addBusinessDays('2022-01-03', -1)).toBe('2021-12-30');
    expect(addBusinessDays('2026-07-04', 0)).toBe('2026-07-04');
    expect(addBusinessDays('2026-07-04', 1)).toBe('2026-07-06');
  });

  it('counts business days after the first date up to and including the second', () => {
    expect(businessDaysBetween('2026-07-02', '2026-07-06')).toBe(1);
    expect(businessDaysBetween('2026-03-02', '2026-04-13')).toBe(30);
    expect(businessDaysBetween('2026-12-31', '2026-12-31')).toBe(0);
    expect(businessDaysBetween('2026-04-13', '2026-03-02')).toBe(-30);
    // 2025: 365 days, 104 weekend days, 11 holidays on weekdays.
    expect(businessDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
  });

  it('keeps addBusinessDays and businessDaysBetween inverse, landing on business days', () => {
    const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -300, max: 300 }), (start, n) => {
        const end = addBusinessDays(start, n);
        expect(businessDaysBetween(start, end)).toBe(n);
        if (n !== 0) expect(isBusinessDay(end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses strings that are not calendar dates', () => {
    expect(() => addBusinessDays('2025-02-30', 1)).toThrowError(InvalidIsoDate);
    expect(() => isBusinessDay('03/05/2026')).toThrowError(/expected a calendar date as YYYY-MM-DD/);
    expect(() => addBusinessDays('2025-02-03', 1.5)).toThrowError(RangeError);
  });

  it('adds calendar days and finds the next business day', () => {
    expect(addCalendarDays('2026-03-05', 30)).toBe('2026-04-04');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(onOrNextBusinessDay('2026-07-03')).toBe('2026-07-06');
    expect(onOrNextBusinessDay('2026-07-06')).toBe('2026-07-06');
  });
});
