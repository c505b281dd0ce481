// Red flags a negotiator looks for on a priced bill: duplicate lines, totals that don't add up, charges far above
// the benchmark, units above the medically unlikely edit, and dates outside the statement period.
import type { Bill, ServiceLine } from '../model/bill.ts';
import type { PricingFlag } from '../model/pricing.ts';
import type { PricingTables } from './pricing-tables.ts';
import { FLAG, flag } from './flags.ts';
import { dollars } from './decimal-format.ts';
import { yearOfDate } from './year-choice.ts';

export function lineDate(bill: Bill, line: ServiceLine): string | null {
  return line.serviceDate ?? line.serviceDateTo ?? bill.statementFrom ?? bill.statementTo ?? null;
}

/** Line flags by position (same order as bill.lines) and bill flags. */
export function auditBill(
  bill: Bill,
  lines: readonly ServiceLine[],
  benchmarks: readonly (number | null)[],
  tables: PricingTables,
  chargeMultiple: number,
): { lineFlags: PricingFlag[][]; billFlags: PricingFlag[] } {
  const lineFlags: PricingFlag[][] = lines.map(() => []);
  const billFlags: PricingFlag[] = [];

  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!line.code && !line.revenueCode) return;
    const key = [line.code ?? `rev${line.revenueCode}`, lineDate(bill, line), [...line.modifiers].sort().join(','), line.units, line.chargeCents].join('|');
    const first = seen.get(key);
    if (first !== undefined) {
      lineFlags[i]!.push(
        flag(FLAG.duplicateLine, 'review', `Line ${line.lineNumber} repeats line ${lines[first]!.lineNumber} (same code, date, modifiers, units and charge).`),
      );
    } else seen.set(key, i);
  });

  const sum = lines.reduce((s, l) => s + l.chargeCents, 0);
  if (bill.totalChargeCents !== null && bill.totalChargeCents !== sum) {
    billFlags.push(
      flag(FLAG.totalsMismatch, 'review', `The lines add up to ${dollars(sum)} but the bill's total is ${dollars(bill.totalChargeCents)} (difference ${dollars(bill.totalChargeCents - sum)}).`),
    );
  }

  lines.forEach((line, i) => {
    const b = benchmarks[i];
    if (b !== null && b !== undefined && b > 0 && line.chargeCents > b * chargeMultiple) {
      const times = (line.chargeCents / b).toFixed(1);
      lineFlags[i]!.push(flag(FLAG.chargeAboveBenchmark, 'info', `Billed ${dollars(line.chargeCents)} is ${times}x the benchmark ${dollars(b)} (threshold ${chargeMultiple}x).`));
    }
  });

  // MUE: MAI 1 limits each line; MAI 2 and 3 limit the day's total for the code.
  const mueYears = tables.years('mue');
  if (mueYears.length) {
    const perDay = new Map<string, { units: number; lines: number[] }>();
    lines.forEach((line, i) => {
      if (!line.code) return;
      const date = lineDate(bill, line);
      const t = tables.mue(tables.pickYear('mue', yearOfDate(date)).year!)!;
      const row = t.rowOf.get(line.code);
      if (row === undefined) return;
      const limit = t.file.units[row]!;
      const mai = t.file.mai[row]!;
      if (mai === '1') {
        if (line.units > limit) {
          lineFlags[i]!.push(flag(FLAG.unitsAboveMue, 'warning', `${line.units} units of ${line.code} on one line exceed the MUE of ${limit} (${t.file.meta.release}, line edit).`));
        }
        return;
      }
      const key = `${line.code}|${date}`;
      const d = perDay.get(key) ?? { units: 0, lines: [] };
      d.units += line.units;
      d.lines.push(i);
      perDay.set(key, d);
      if (d.units > limit) {
        const exceeded = lineFlags[i]!.some((f) => f.code === FLAG.unitsAboveMue);
        if (!exceeded) {
          lineFlags[i]!.push(
            flag(FLAG.unitsAboveMue, 'warning', `${d.units} units of ${line.code} on ${date ?? 'the same day'} exceed the MUE of ${limit} (${t.file.meta.release}, date-of-service edit).`),
          );
        }
      }
    });
  }

  if (bill.statementFrom || bill.statementTo) {
    lines.forEach((line, i) => {
      for (const d of [line.serviceDate, line.serviceDateTo]) {
        if (!d) continue;
        if ((bill.statementFrom && d < bill.statementFrom) || (bill.statementTo && d > bill.statementTo)) {
          lineFlags[i]!.push(
            flag(FLAG.dateOutsideStatement, 'warning', `Service date ${d} is outside the statement period ${bill.statementFrom ?? '?'} to ${bill.statementTo ?? '?'}.`),
          );
          break;
        }
      }
    });
  }
  return { lineFlags, billFlags };
}
