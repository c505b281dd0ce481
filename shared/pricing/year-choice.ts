// The date of service picks each schedule's year; a date outside the years on hand uses the nearest year, flagged.
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables, YearChoice } from './pricing-tables.ts';
import type { TableName } from './table-format.ts';
import { FLAG, flag } from './flags.ts';

export function yearOfDate(date: string | null | undefined): number | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return Number(date.slice(0, 4));
}

const SCHEDULE_NAME: Partial<Record<TableName, string>> = {
  mpfs: 'Medicare Physician Fee Schedule',
  anesthesia: 'anesthesia conversion factors',
  opps: 'OPPS Addendum B',
  clfs: 'Clinical Laboratory Fee Schedule',
  dmepos: 'DMEPOS fee schedule',
};

/** Picks the table year for a date and says so when it is not the date's own year. */
export function chooseYear(tables: PricingTables, table: TableName, date: string | null, flags: PricingFlag[]): YearChoice {
  const choice = tables.pickYear(table, yearOfDate(date));
  if (choice.year === null) return choice;
  const name = SCHEDULE_NAME[table] ?? table;
  if (choice.requested === null) {
    flags.push(flag(FLAG.noServiceDate, 'warning', `No date of service; priced on the ${choice.year} ${name}.`));
  } else if (choice.substituted) {
    flags.push(
      flag(
        FLAG.yearSubstituted,
        'warning',
        `Date of service ${date} is in ${choice.requested}, but the ${name} is on hand only for ${tables.years(table).join(', ')}; priced on the ${choice.year} tables.`,
      ),
    );
  }
  return choice;
}
