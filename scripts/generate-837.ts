// Generates large, varied, valid 837P/837I files (synthetic parties, deterministic by seed) for benchmarks and tests.
// Usage: node bin/run-ts.mjs scripts/generate-837.ts --out FILE --mb 50 [--seed 1]
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAmount } from '../shared/extract/x12/values.ts';
import { seededRandom } from './seeded-random.ts';

export interface GenerateOptions {
  /** Stop after the interchange that crosses this many bytes. */
  targetBytes: number;
  seed?: number;
  /** Vary separators and line breaks between interchanges (default true). */
  variedSeparators?: boolean;
}

export interface GeneratedStats {
  bytes: number;
  interchanges: number;
  transactions: number;
  claims: number;
  lines: number;
  professionalClaims: number;
  institutionalClaims: number;
  totalChargeCents: number;
}

interface Style {
  element: string;
  component: string;
  repetition: string;
  segment: string;
  lineBreak: string;
}

const STYLES: Style[] = [
  { element: '*', component: ':', repetition: '^', segment: '~', lineBreak: '\n' },
  { element: '*', component: ':', repetition: '^', segment: '~', lineBreak: '' },
  { element: '|', component: '>', repetition: '^', segment: '~', lineBreak: '\r\n' },
  { element: '*', component: '>', repetition: '{', segment: '\n', lineBreak: '' },
  { element: '^', component: '\\', repetition: '{', segment: '~', lineBreak: '\n' },
];

const LAST = ['SMITH', 'JOHNSON', 'GARCIA', 'NGUYEN', 'PATEL', 'KOWALSKI', 'OKAFOR', 'MÜLLER', 'DUBOIS', 'ROSSI', 'KIM', 'SILVA'];
const FIRST = ['ANA', 'JOHN', 'MARIA', 'WEI', 'PRIYA', 'JOSÉ', 'FATIMA', 'LIAM', 'NOAH', 'EMMA', 'OLIVIA', 'RAJ'];
const ORGS = ['VALLEY MEDICAL GROUP', 'RIVERSIDE HOSPITAL', 'NORTH STAR IMAGING', 'BAYVIEW SURGERY CENTER', 'ST ELSEWHERE CLINIC', 'SUMMIT ANESTHESIA PA', 'PRAIRIE ORTHOPEDICS'];
const PAYERS = ['ACME HEALTH PLAN', 'EMPLOYER BENEFIT TRUST', 'UNITED WORKERS FUND', 'COASTAL TPA'];
const STREETS = ['MAIN ST', 'OAK AVE', 'ELM STREET', 'HARBOR BLVD', 'CEDAR LANE', '1ST AVE'];
const CITIES: [string, string, string][] = [
  ['NEW YORK', 'NY', '10001'],
  ['BEVERLY HILLS', 'CA', '90210'],
  ['MIAMI', 'FL', '33111'],
  ['CHICAGO', 'IL', '60601'],
  ['HOUSTON', 'TX', '77002'],
  ['DENVER', 'CO', '80202'],
  ['NASHVILLE', 'TN', '37232'],
];
const PRO_CODES = ['99213', '99214', '99203', '99284', '99285', '71046', '80053', '85025', '36415', '93000', '97110', '97140', '20610', '29881', '27447', '45378', 'J1100', 'J3301', 'G0283', 'A0427', 'E0570'];
const ANESTHESIA_CODES = ['00142', '00790', '01402', '00400'];
const MODIFIERS = ['25', '59', '26', 'TC', 'LT', 'RT', '50', '51', 'XS', 'GP', 'QK', 'QZ', 'AA', '80'];
const REVENUE: [string, string | null][] = [
  ['0110', null],
  ['0120', null],
  ['0250', null],
  ['0260', '96374'],
  ['0270', null],
  ['0300', '80053'],
  ['0301', '82270'],
  ['0305', '85025'],
  ['0320', '71046'],
  ['0350', '74177'],
  ['0360', '29881'],
  ['0450', '99284'],
  ['0636', 'J1100'],
  ['0730', '93005'],
];
const DIAGNOSES = ['I10', 'E119', 'M5450', 'J069', 'R079', 'S82201A', 'Z0000', 'K219', 'N390', 'F329', 'M1711', 'R0602', 'E785'];
const POS = ['11', '22', '23', '21', '19', '81'];

class Emitter {
  private parts: string[] = [];
  count = 0;
  constructor(private readonly style: Style) {}
  seg(...elements: string[]): void {
    let end = elements.length;
    while (end > 1 && elements[end - 1] === '') end--;
    this.parts.push((end === elements.length ? elements : elements.slice(0, end)).join(this.style.element) + this.style.segment + this.style.lineBreak);
    this.count++;
  }
  c(...components: string[]): string {
    let end = components.length;
    while (end > 1 && components[end - 1] === '') end--;
    return components.slice(0, end).join(this.style.component);
  }
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}

/** Writes a generated 837 through `write` piece by piece (never the whole file in memory) and returns what it holds. */
export function generate837(options: GenerateOptions, write: (text: string) => void): GeneratedStats {
  const rnd = seededRandom(options.seed ?? 1);
  const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const digits = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
    return s;
  };
  const date = (year: number): string => `${year}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}`;
  const stats: GeneratedStats = {
    bytes: 0,
    interchanges: 0,
    transactions: 0,
    claims: 0,
    lines: 0,
    professionalClaims: 0,
    institutionalClaims: 0,
    totalChargeCents: 0,
  };
  const out = (text: string): void => {
    stats.bytes += Buffer.byteLength(text);
    write(text);
  };

  while (stats.bytes < options.targetBytes) {
    const style = options.variedSeparators === false ? STYLES[0]! : STYLES[stats.interchanges % STYLES.length]!;
    const e = new Emitter(style);
    stats.interchanges++;
    const isaControl = String(stats.interchanges).padStart(9, '0');
    const sender = `SUB${digits(6)}`.padEnd(15, ' ');
    e.seg('ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', sender, 'ZZ', 'PARLEY'.padEnd(15, ' '), '260304', '1200', style.repetition, '00501', isaControl, '0', 'P', style.component);
    const groups = int(1, 3);
    for (let g = 1; g <= groups; g++) {
      const professional = rnd() < 0.6;
      const version = professional ? '005010X222A1' : '005010X223A2';
      e.seg('GS', 'HC', sender.trim(), 'PARLEY', '20260304', '1200', String(g), 'X', version);
      const sets = int(1, 4);
      for (let t = 1; t <= sets; t++) {
        stats.transactions++;
        const control = String(t).padStart(4, '0');
        const start = e.count;
        e.seg('ST', '837', control, version);
        e.seg('BHT', '0019', '00', digits(8), '20260304', '1200', 'CH');
        e.seg('NM1', '41', '2', pick(ORGS), '', '', '', '', '46', digits(9));
        e.seg('PER', 'IC', 'BILLING OFFICE', 'TE', digits(10));
        e.seg('NM1', '40', '2', 'PARLEY', '', '', '', '', '46', 'PARLEY');
        let hl = 0;
        const providers = int(1, 12);
        for (let p = 0; p < providers; p++) {
          const billingHl = ++hl;
          e.seg('HL', String(billingHl), '', '20', '1');
          if (rnd() < 0.5) e.seg('PRV', 'BI', 'PXC', pick(['207X00000X', '282N00000X', '207L00000X', '261QA1903X']));
          const [city, state, zip] = pick(CITIES);
          e.seg('NM1', '85', '2', pick(ORGS), '', '', '', '', 'XX', digits(10));
          e.seg('N3', `${int(1, 9999)} ${pick(STREETS)}`);
          e.seg('N4', city, state, rnd() < 0.5 ? zip : zip + digits(4));
          e.seg('REF', 'EI', digits(9));
          if (rnd() < 0.2) {
            e.seg('NM1', '87', '2');
            e.seg('N3', `PO BOX ${int(1, 9999)}`);
            e.seg('N4', city, state, zip);
          }
          const subscribers = int(1, 40);
          for (let s = 0; s < subscribers; s++) {
            const withPatient = rnd() < 0.3;
            const subscriberHl = ++hl;
            e.seg('HL', String(subscriberHl), String(billingHl), '22', withPatient ? '1' : '0');
            e.seg('SBR', withPatient ? 'P' : 'P', withPatient ? '' : '18', `GRP${digits(5)}`, '', '', '', '', '', 'CI');
            e.seg('NM1', 'IL', '1', pick(LAST), pick(FIRST), '', '', '', 'MI', `M${digits(9)}`);
            e.seg('N3', `${int(1, 9999)} ${pick(STREETS)}`);
            e.seg('N4', city, state, zip);
            e.seg('DMG', 'D8', date(int(1940, 2010)), pick(['F', 'M']));
            e.seg('NM1', 'PR', '2', pick(PAYERS), '', '', '', '', 'PI', digits(5));
            if (withPatient) {
              e.seg('HL', String(++hl), String(subscriberHl), '23', '0');
              e.seg('PAT', '19');
              e.seg('NM1', 'QC', '1', pick(LAST), pick(FIRST));
              e.seg('N3', `${int(1, 9999)} ${pick(STREETS)}`);
              e.seg('N4', city, state, zip);
              e.seg('DMG', 'D8', date(int(2000, 2020)), pick(['F', 'M']));
            }
            const claims = int(1, 3);
            for (let c = 0; c < claims; c++) {
              if (professional) professionalClaim();
              else institutionalClaim();
            }
          }
        }
        e.seg('SE', String(e.count - start + 1), control);
        out(e.take());

        function professionalClaim(): void {
          stats.claims++;
          stats.professionalClaims++;
          const anesthesia = rnd() < 0.1;
          const lineCount = anesthesia ? 1 : int(1, 12);
          const lines: { code: string; mods: string[]; cents: number; basis: string; units: string; pos: string | null; date: string; to: string | null; ndc: boolean; hcp: boolean; rendering: boolean }[] = [];
          const pos = pick(POS);
          for (let l = 0; l < lineCount; l++) {
            const code = anesthesia ? pick(ANESTHESIA_CODES) : pick(PRO_CODES);
            const mods: string[] = [];
            const modCount = rnd() < 0.6 ? 0 : int(1, 4);
            for (let m = 0; m < modCount; m++) mods.push(pick(MODIFIERS));
            const day = date(2025);
            lines.push({
              code,
              mods,
              cents: int(500, 250000),
              basis: anesthesia ? 'MJ' : 'UN',
              units: anesthesia ? String(int(15, 240)) : rnd() < 0.8 ? '1' : `${int(1, 10)}.${pick(['0', '5', '00'])}`,
              pos: rnd() < 0.3 ? pick(POS) : null,
              date: day,
              to: rnd() < 0.15 ? day.slice(0, 6) + '28' : null,
              ndc: code.startsWith('J') && rnd() < 0.7,
              hcp: rnd() < 0.1,
              rendering: rnd() < 0.1,
            });
          }
          const total = lines.reduce((sum, l) => sum + l.cents, 0);
          stats.lines += lineCount;
          stats.totalChargeCents += total;
          e.seg('CLM', `PCN${digits(10)}`, formatAmount(total), '', '', e.c(pos, 'B', pick(['1', '1', '1', '7'])), 'Y', 'A', 'Y', 'Y');
          if (rnd() < 0.2) e.seg('REF', 'D9', digits(14));
          const dx = int(1, 8);
          const hi = ['HI', e.c('ABK', pick(DIAGNOSES))];
          for (let d = 1; d < dx; d++) hi.push(e.c('ABF', pick(DIAGNOSES)));
          e.seg(...hi);
          if (rnd() < 0.1) e.seg('HCP', '03', formatAmount(Math.floor(total * 0.7)), formatAmount(total - Math.floor(total * 0.7)), digits(9));
          if (rnd() < 0.2) e.seg('NM1', 'DN', '1', pick(LAST), pick(FIRST), '', '', '', 'XX', digits(10));
          if (rnd() < 0.7) {
            e.seg('NM1', '82', '1', pick(LAST), pick(FIRST), '', '', '', 'XX', digits(10));
            e.seg('PRV', 'PE', 'PXC', pick(['207X00000X', '207L00000X', '208D00000X']));
          }
          if (rnd() < 0.4) {
            const [city, state, zip] = pick(CITIES);
            e.seg('NM1', '77', '2', pick(ORGS), '', '', '', '', 'XX', digits(10));
            e.seg('N3', `${int(1, 9999)} ${pick(STREETS)}`);
            e.seg('N4', city, state, zip + digits(4));
          }
          const cob = rnd() < 0.15;
          if (cob) {
            e.seg('SBR', 'S', '18', `GRP${digits(5)}`, '', '', '', '', '', 'CI');
            e.seg('AMT', 'D', formatAmount(int(0, total)));
            e.seg('OI', '', '', 'Y', 'P', '', 'Y');
            e.seg('NM1', 'IL', '1', pick(LAST), pick(FIRST), '', '', '', 'MI', `S${digits(9)}`);
            e.seg('NM1', 'PR', '2', pick(PAYERS), '', '', '', '', 'PI', digits(5));
            if (rnd() < 0.5) e.seg('NM1', '82', '1');
          }
          lines.forEach((line, i) => {
            e.seg('LX', String(i + 1));
            const pointers = [];
            for (let p = 1; p <= Math.min(dx, int(1, 4)); p++) pointers.push(String(p));
            e.seg('SV1', e.c('HC', line.code, ...line.mods), formatAmount(line.cents), line.basis, line.units, line.pos ?? '', '', e.c(...pointers));
            e.seg('DTP', '472', line.to ? 'RD8' : 'D8', line.to ? `${line.date}-${line.to > line.date ? line.to : line.date}` : line.date);
            if (rnd() < 0.2) e.seg('REF', '6R', digits(8));
            if (line.hcp) e.seg('HCP', '03', formatAmount(Math.floor(line.cents * 0.7)), formatAmount(line.cents - Math.floor(line.cents * 0.7)));
            if (line.ndc) {
              e.seg('LIN', '', 'N4', digits(11));
              e.seg('CTP', '', '', '', String(int(1, 20)), e.c(pick(['UN', 'ML', 'GR'])));
            }
            if (line.rendering) e.seg('NM1', '82', '1', pick(LAST), pick(FIRST), '', '', '', 'XX', digits(10));
            if (cob) {
              e.seg('SVD', digits(5), formatAmount(Math.floor(line.cents / 2)), e.c('HC', line.code), '', line.units);
              e.seg('CAS', 'CO', '45', formatAmount(line.cents - Math.floor(line.cents / 2)));
              e.seg('DTP', '573', 'D8', line.date);
            }
          });
        }

        function institutionalClaim(): void {
          stats.claims++;
          stats.institutionalClaims++;
          const inpatient = rnd() < 0.3;
          const lineCount = int(1, 20);
          const from = date(2025);
          const stay = inpatient ? int(1, 9) : 0;
          const to = stay > 0 ? from.slice(0, 6) + String(Math.min(28, Number(from.slice(6)) + stay)).padStart(2, '0') : from;
          const lines: { revenue: string; code: string | null; mods: string[]; cents: number; basis: string; units: string; nonCovered: number | null; hcp: boolean }[] = [];
          for (let l = 0; l < lineCount; l++) {
            const [revenue, code] = inpatient && l === 0 ? (['0120', null] as [string, null]) : pick(REVENUE);
            const mods = code && rnd() < 0.2 ? [pick(MODIFIERS)] : [];
            const days = revenue === '0110' || revenue === '0120';
            lines.push({
              revenue,
              code,
              mods,
              cents: int(1000, 900000),
              basis: days ? 'DA' : 'UN',
              units: days ? String(Math.max(1, stay)) : String(int(1, 5)),
              nonCovered: rnd() < 0.05 ? int(0, 1000) : null,
              hcp: rnd() < 0.1,
            });
          }
          const total = lines.reduce((sum, l) => sum + l.cents, 0);
          stats.lines += lineCount;
          stats.totalChargeCents += total;
          e.seg('CLM', `ACCT${digits(9)}`, formatAmount(total), '', '', e.c(inpatient ? '11' : pick(['13', '14', '85']), 'A', '1'), 'Y', 'A', 'Y', 'Y');
          e.seg('DTP', '434', 'RD8', `${from}-${to}`);
          if (inpatient) e.seg('DTP', '435', 'DT', `${from}0800`);
          e.seg('CL1', inpatient ? '1' : '3', '1', '01');
          e.seg('HI', e.c('ABK', pick(DIAGNOSES)));
          if (rnd() < 0.7) e.seg('HI', e.c('ABF', pick(DIAGNOSES)), e.c('ABF', pick(DIAGNOSES)));
          if (inpatient && rnd() < 0.5) e.seg('HI', e.c('BBR', '0SRC0J9', 'D8', from));
          if (inpatient && rnd() < 0.4) e.seg('HI', e.c('DR', String(int(1, 999)).padStart(3, '0')));
          if (rnd() < 0.3) e.seg('HI', e.c('BH', '11', 'D8', from));
          if (rnd() < 0.1) e.seg('HCP', '03', formatAmount(Math.floor(total * 0.6)), formatAmount(total - Math.floor(total * 0.6)), digits(9));
          e.seg('NM1', '71', '1', pick(LAST), pick(FIRST), '', '', '', 'XX', digits(10));
          if (inpatient && rnd() < 0.5) e.seg('NM1', '72', '1', pick(LAST), pick(FIRST), '', '', '', 'XX', digits(10));
          if (rnd() < 0.1) {
            e.seg('SBR', 'S', '18', '', pick(PAYERS), '', '', '', '', 'CI');
            e.seg('OI', '', '', 'Y', '', '', 'Y');
            e.seg('NM1', 'IL', '1', pick(LAST), pick(FIRST), '', '', '', 'MI', `S${digits(9)}`);
            e.seg('NM1', 'PR', '2', pick(PAYERS), '', '', '', '', 'PI', digits(5));
          }
          lines.forEach((line, i) => {
            e.seg('LX', String(i + 1));
            e.seg(
              'SV2',
              line.revenue,
              line.code ? e.c('HC', line.code, ...line.mods) : '',
              formatAmount(line.cents),
              line.basis,
              line.units,
              '',
              line.nonCovered === null ? '' : formatAmount(line.nonCovered),
            );
            if (!inpatient) e.seg('DTP', '472', 'D8', from);
            if (line.hcp) e.seg('HCP', '03', formatAmount(Math.floor(line.cents * 0.6)), formatAmount(line.cents - Math.floor(line.cents * 0.6)));
          });
        }
      }
      e.seg('GE', String(sets), String(g));
    }
    e.seg('IEA', String(groups), isaControl);
    out(e.take());
  }
  return stats;
}

/** Writes a generated file of about `megabytes` MB to `path`. */
export function writeGenerated837(path: string, megabytes: number, seed = 1, variedSeparators = true): GeneratedStats {
  const fd = openSync(path, 'w');
  try {
    let buffered: string[] = [];
    let size = 0;
    const stats = generate837({ targetBytes: megabytes * 1024 * 1024, seed, variedSeparators }, (text) => {
      buffered.push(text);
      size += text.length;
      if (size > 4 << 20) {
        writeSync(fd, buffered.join(''));
        buffered = [];
        size = 0;
      }
    });
    if (buffered.length > 0) writeSync(fd, buffered.join(''));
    return stats;
  } finally {
    closeSync(fd);
  }
}

// Run as a script (not when imported, nor when bundled into another entry point).
const entry = process.argv[1];
if (entry && entry.endsWith('generate-837.ts') && resolve(entry) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const outPath = value('--out');
  if (!outPath) {
    console.error('usage: node bin/run-ts.mjs scripts/generate-837.ts --out FILE [--mb 50] [--seed 1]');
    process.exit(2);
  }
  const stats = writeGenerated837(outPath, Number(value('--mb') ?? '50'), Number(value('--seed') ?? '1'));
  console.log(JSON.stringify(stats));
}
