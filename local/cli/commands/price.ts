// `parley price CODE[-MOD...] [--zip ZIP | --locality CARRIER-LOCALITY] [--pos NN] [--date YYYY-MM-DD] [--units N]
// [--json]`: what Medicare pays for one service there, with the formula's parts. Exit 0 priced, 1 no Medicare amount
// (the reason is printed), 2 bad arguments.
import { parseArgs } from 'node:util';
import { loadPricingTables } from '#shared/pricing/tables.ts';
import { priceService, type ServicePrice } from '#shared/pricing/price-service.ts';

interface Out {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

class BadArgument extends Error {
  override readonly name = 'BadArgument';
}

const USAGE = 'usage: parley price CODE[-MOD...] [--zip ZIP | --locality CARRIER-LOCALITY] [--pos NN] [--date YYYY-MM-DD] [--units N] [--json]';

export async function priceCommand(argv: string[], out: Out): Promise<number> {
  let query: Parameters<typeof priceService>[0];
  let json = false;
  let dataDir: string | undefined;
  try {
    ({ query, json, dataDir } = parsePriceArgs(argv));
  } catch (error) {
    const message = error instanceof BadArgument ? error.message : (error as Error).message;
    out.stderr(`parley price: ${message}\n${USAGE}\n`);
    return 2;
  }
  let result: ServicePrice;
  try {
    result = priceService(query, loadPricingTables(dataDir ? { dataDir } : {}));
  } catch (error) {
    out.stderr(`parley price: ${(error as Error).name}: ${(error as Error).message}\n`);
    return 1;
  }
  if (json) {
    const { code, modifiers, year, locality, facility, benchmarkCents, formula, ...rest } = result;
    out.stdout(`${JSON.stringify({ code, modifiers, year, locality, facility, benchmarkCents, formula, ...rest }, null, 2)}\n`);
  } else {
    out.stdout(renderText(result));
  }
  return result.benchmarkCents === null ? 1 : 0;
}

export function parsePriceArgs(argv: string[]): { query: Parameters<typeof priceService>[0]; json: boolean; dataDir?: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      zip: { type: 'string' },
      locality: { type: 'string' },
      pos: { type: 'string' },
      date: { type: 'string' },
      units: { type: 'string' },
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    throw new BadArgument(positionals.length === 0 ? 'CODE is missing (e.g. 99213 or 71046-26)' : `expected one CODE, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const [code, ...modifiers] = positionals[0]!.trim().toUpperCase().split('-');
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) throw new BadArgument(`CODE "${positionals[0]}" is not a five-character CPT/HCPCS code`);
  if (modifiers.length > 4) throw new BadArgument(`CODE "${positionals[0]}" has more than four modifiers`);
  for (const m of modifiers) if (!/^[0-9A-Z]{2}$/.test(m)) throw new BadArgument(`modifier "${m}" in CODE "${positionals[0]}" is not two letters/digits`);
  if (values.zip !== undefined && values.locality !== undefined) throw new BadArgument('--zip and --locality cannot both be given');
  if (values.zip !== undefined && !/^\d{5}(?:-?\d{4})?$/.test(values.zip)) throw new BadArgument(`--zip "${values.zip}" is not a five-digit ZIP code`);
  if (values.locality !== undefined && !/^\d{5}-\d{2}$/.test(values.locality)) {
    throw new BadArgument(`--locality "${values.locality}" is not CARRIER-LOCALITY (e.g. 13202-01)`);
  }
  if (values.pos !== undefined && !/^\d{1,2}$/.test(values.pos)) throw new BadArgument(`--pos "${values.pos}" is not a place-of-service code (e.g. 11, 22)`);
  if (values.date !== undefined && !isIsoDate(values.date)) throw new BadArgument(`--date "${values.date}" is not a date YYYY-MM-DD`);
  let units: number | undefined;
  if (values.units !== undefined) {
    units = Number(values.units);
    if (!/^\d+(?:\.\d+)?$/.test(values.units) || !(units > 0)) throw new BadArgument(`--units "${values.units}" is not a positive number`);
  }
  return {
    query: {
      code,
      modifiers,
      ...(values.zip !== undefined ? { zip: values.zip } : {}),
      ...(values.locality !== undefined ? { locality: values.locality } : {}),
      ...(values.pos !== undefined ? { placeOfService: values.pos.padStart(2, '0') } : {}),
      ...(values.date !== undefined ? { date: values.date } : {}),
      ...(units !== undefined ? { units } : {}),
    },
    json: values.json ?? false,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  };
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const LABELS: Record<string, string> = {
  schedule: 'Schedule',
  status: 'Status code',
  pctcIndicator: 'PC/TC indicator',
  globalDays: 'Global days',
  multipleProcedureIndicator: 'Multiple procedure ind.',
  bilateralIndicator: 'Bilateral ind.',
  assistantIndicator: 'Assistant ind.',
  coSurgeonIndicator: 'Co-surgeon ind.',
  teamSurgeryIndicator: 'Team surgery ind.',
  component: 'Component',
  peSetting: 'PE setting',
  workRvu: 'Work RVU',
  peRvu: 'PE RVU',
  mpRvu: 'MP RVU',
  workGpci: 'Work GPCI',
  peGpci: 'PE GPCI',
  mpGpci: 'MP GPCI',
  conversionFactor: 'Conversion factor',
  feeScheduleCents: 'Fee schedule amount',
  oppsCapCents: 'OPPS cap amount',
  oppsCapApplied: 'OPPS cap applied',
  modifierFactor: 'Modifier factor',
  modifierAdjustment: 'Modifier adjustment',
  unitCents: 'Per unit',
  units: 'Units',
  nonParticipatingCents: 'Non-participating (95%)',
  limitingChargeCents: 'Limiting charge (109.25%)',
  baseUnits: 'Base units',
  minutes: 'Minutes',
  timeUnits: 'Time units',
  totalUnits: 'Total units',
  anesthesiaCf: 'Anesthesia CF',
  anesthesiaCfBasis: 'Anesthesia CF basis',
  unitsCents: 'Units x CF',
  rateCents: 'Rate',
  statusIndicator: 'OPPS status indicator',
  apc: 'APC',
  relativeWeight: 'Relative weight',
  paymentRate: 'Payment rate',
};

function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

export function renderText(r: ServicePrice): string {
  const lines: string[] = [];
  const code = [r.code, ...r.modifiers].join('-');
  lines.push(`${code}${r.description ? ` (${r.description})` : ''}  ${r.method}  ${r.year ?? '-'}${r.release ? ` (${r.release})` : ''}`);
  const where = r.locality ? `${r.locality.carrier}-${r.locality.locality}${r.locality.name ? ` ${r.locality.name}` : ''}` : r.localityAssumed ? 'national basis (GPCI 1.000), assumed' : 'not locality-adjusted';
  lines.push(`  ${'Locality'.padEnd(27)}${where}`);
  if (r.facility !== null) lines.push(`  ${'Setting'.padEnd(27)}${r.facility ? 'facility' : 'non-facility'}${r.placeOfService ? ` (POS ${r.placeOfService})` : ''}`);
  for (const [key, value] of Object.entries(r.formula)) {
    if (value === null || key === 'schedule') continue;
    const label = LABELS[key] ?? key;
    const shown =
      typeof value !== 'number'
        ? String(value)
        : key.endsWith('Cents')
          ? dollars(value)
          : key.endsWith('Rvu')
            ? value.toFixed(2)
            : key.endsWith('Gpci')
              ? value.toFixed(3)
              : String(value);
    lines.push(`  ${label.padEnd(27)}${shown}`);
  }
  lines.push(`  ${'Benchmark'.padEnd(27)}${r.benchmarkCents === null ? 'none' : dollars(r.benchmarkCents)}`);
  lines.push('', r.explanation);
  if (r.flags.length) {
    lines.push('', 'Flags:');
    for (const f of r.flags) lines.push(`  [${f.severity}] ${f.code}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
