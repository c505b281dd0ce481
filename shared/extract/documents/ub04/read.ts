// Reads UB-04 pages (one claim may span several) through the form's template into an institutional Bill.
import { Bill, type Provider, type ServiceLine } from '../../../model/bill.ts';
import { formatCents, sumCents } from '../../../model/money.ts';
import type { ExtractionProblem } from '../../extraction-result.ts';
import { BillDraft, LOW_CONFIDENCE } from '../bill-draft.ts';
import { isMachineRead, type CellKind, type CellRead, type CellRequest, type CellSource } from '../cells.ts';
import { repairCode, repairModifier, isKnownCode } from '../code-set.ts';
import { digitsClose, isValidNpi, normalizeTaxId, parseDateText, parseMoney } from '../field-checks.ts';
import { parseCityStateZip, parsePersonName } from '../parties.ts';
import { UB04_HEADER, UB04_LINE_COLUMNS, UB04_LINES_PER_PAGE, UB04_OTHER_DIAGNOSES, ub04LineCell, type Ub04LineColumn } from './template.ts';

const HEADER_KINDS: Partial<Record<string, CellKind>> = {
  typeOfBill: 'digits', taxId: 'alnum', statementFrom: 'date', statementThrough: 'date', admissionDate: 'date',
  billingNpi: 'digits', attendingNpi: 'digits', principalDiagnosis: 'code', drg: 'alnum',
};
const LINE_KINDS: Record<Ub04LineColumn, CellKind> = {
  revenueCode: 'digits', description: 'text', hcpcs: 'code', serviceDate: 'date', units: 'digits', totalCharge: 'money', nonCovered: 'money',
};

const AMOUNT = /^\$?(\d{1,3}(,?\d{3})*[. ]\d{2}|\d{3,8})$/;
/**
 * An amount printed dollars-then-cents in the split columns ("1,850 00"), read from pixels: a thousands comma read as
 * a point ("1.850 00") can only be the comma, as the cents stand apart.
 */
const readAmount = (t: string): string => {
  const read = t.trim().replace(/^(\$?\d{1,3})\.(\d{3})(?= \d{2}$)/, '$1,$2');
  // Digits alone: the space between the dollars and the cents columns was lost, not the cents.
  return /^\d{3,}$/.test(read) ? `${read.slice(0, -2)}.${read.slice(-2)}` : read;
};
const isDate = (t: string): boolean => parseDateText(compact(t)) !== null;
const HEADER_ACCEPT: Partial<Record<string, (t: string) => boolean>> = {
  typeOfBill: (t) => /^\d{3,4}$/.test(t),
  taxId: (t) => /^\d{2}-?\d{7}$/.test(t),
  statementFrom: isDate,
  statementThrough: isDate,
  admissionDate: isDate,
  billingNpi: isValidNpi,
  attendingNpi: isValidNpi,
  patientControl: (t) => /^[A-Z0-9][A-Z0-9 .\/-]*$/i.test(t),
};
/** Header values nothing else on the form checks: trusted from pixels only when two reads agree. */
const HEADER_TWICE = new Set(['typeOfBill', 'taxId', 'statementFrom', 'statementThrough', 'patientControl']);

/**
 * FL44's accommodation rate on room lines: money with its cents after a point (FL44 has no dollars/cents divider). Read
 * as digits alone, it is no rate: a code that lost a digit under a streak (9557 for 92557) would pass for one.
 */
const RATE = /^\$?[\d,]+\.\d{2}$/;
/** FL44: a HCPCS code with its modifiers, or an accommodation rate. */
const hcpcsHead = (t: string): string => t.split(/[\s:-]+/)[0] ?? '';
const LINE_CHECKS: Record<Ub04LineColumn, Partial<CellRequest>> = {
  revenueCode: { accept: (t) => /^\d{4}$/.test(t), twice: true },
  description: {},
  hcpcs: {
    accept: (t) => RATE.test(t) || (isKnownCode(hcpcsHead(t)) && t.split(/\s+/).slice(1).every((m) => /^[A-Z0-9]{2}$/.test(m))),
    repairable: (t) => repairCode(hcpcsHead(t)).status === 'corrected',
    shaped: (t) => /^[A-Z0-9]{5}( [A-Z0-9]{2})*$/.test(t),
    twice: true,
    priced: true,
  },
  serviceDate: { accept: isDate, twice: true },
  units: { accept: (t) => /^\d{1,4}(\.\d{1,3})?$/.test(t), twice: true },
  totalCharge: { accept: (t) => AMOUNT.test(readAmount(t)), priced: true },
  nonCovered: { accept: (t) => AMOUNT.test(readAmount(t)) },
};

/**
 * What line 23 holds that the Bill takes: the 0001 code and the totals. Its other columns hold the page count and the
 * creation date, printed among the form's own words (read on every pass, they would only cost time).
 */
const TOTAL_LINE_COLUMNS = new Set<Ub04LineColumn>(['revenueCode', 'totalCharge', 'nonCovered']);

/** Every cell the reader takes a value from (not FL43's description: the Bill keeps none, so OCR time is not spent on it). */
export function ub04Requests(): CellRequest[] {
  const requests: CellRequest[] = [];
  for (const [key, cell] of Object.entries(UB04_HEADER)) {
    const accept = HEADER_ACCEPT[key];
    requests.push({ key, rect: cell.rect, box: cell.box, kind: HEADER_KINDS[key] ?? 'text', ...(accept ? { accept } : {}), ...(HEADER_TWICE.has(key) ? { twice: true } : {}) });
  }
  UB04_OTHER_DIAGNOSES.forEach((rect, i) => requests.push({ key: `dx${i}`, rect, box: 'FL67', kind: 'code' }));
  for (let line = 1; line <= UB04_LINES_PER_PAGE + 1; line++)
    for (const column of (Object.keys(UB04_LINE_COLUMNS) as Ub04LineColumn[]).filter((c) => c !== 'description' && (line <= UB04_LINES_PER_PAGE || TOTAL_LINE_COLUMNS.has(c))))
      requests.push({ key: `l${line}.${column}`, rect: ub04LineCell(line, column), box: UB04_LINE_COLUMNS[column].box, kind: LINE_KINDS[column], ...LINE_CHECKS[column] });
  return requests;
}

/** What one UB-04 page holds. */
export interface Ub04Page {
  page: number;
  cells: Map<string, CellRead>;
  patientControl: string;
  /** A scan whose printed grid was found only in part (a distorted photo, a damaged copy): every value needs a look. */
  gridFoundInPart?: boolean;
}

export async function readUb04Page(source: CellSource): Promise<Ub04Page> {
  const cells = await source.read(ub04Requests());
  return { page: source.page, cells, patientControl: clean(cells.get('patientControl')?.text) };
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
const compact = (s: string | undefined): string => (s ?? '').replace(/\s+/g, '');
/** An amount cell's value in cents, null when it reads as no amount or was not read. */
const amountOf = (r: CellRead | undefined): number | null => (r ? parseMoney(isMachineRead(r) ? readAmount(r.text) : r.text) : null);

/** Pages that belong to one claim: consecutive pages with the same patient control number (FL3a). */
export function groupUb04Pages(pages: Ub04Page[]): Ub04Page[][] {
  const groups: Ub04Page[][] = [];
  for (const page of pages) {
    const last = groups[groups.length - 1];
    if (last && (page.patientControl === '' || page.patientControl === last[0]!.patientControl)) last.push(page);
    else groups.push([page]);
  }
  return groups;
}

export function readUb04Claim(pages: Ub04Page[], claimIndex: number): { bill: Bill; problems: ExtractionProblem[] } {
  const draft = new BillDraft(claimIndex);
  const first = pages[0]!;
  const header = (key: string): CellRead | undefined => {
    for (const p of pages) if (p.cells.get(key) && clean(p.cells.get(key)!.text)) return p.cells.get(key);
    return undefined;
  };
  const text = (key: string): string => clean(header(key)?.text);
  const at = (page: number, box: string): string => `page ${page}, ${box}`;
  for (const p of pages)
    if (p.gridFoundInPart) draft.review(`page ${p.page}`, "the form's printed grid was found only in part (a distorted photo or a damaged scan); every value needs checking");

  const lines: ServiceLine[] = [];
  /** Lines whose charge was read, but not surely (checked against the 0001 total below, or sent to review). */
  const unsure: { index: number; where: string; read: string }[] = [];
  /** Rows read from pixels with marks but no revenue code and no charge: not lines. */
  const marks: string[] = [];
  /** Each line's date and charge cells, as read. */
  const lineReads: { date: CellRead | undefined; charge: CellRead | undefined }[] = [];
  let totalRead: CellRead | undefined;
  let totalCents: number | null = null;
  let totalPage = first.page;
  let totalNonCovered: number | null = null;
  for (const page of pages) {
    for (let n = 1; n <= UB04_LINES_PER_PAGE + 1; n++) {
      const cell = (c: Ub04LineColumn): CellRead | undefined => page.cells.get(`l${n}.${c}`);
      const rev = compact(cell('revenueCode')?.text);
      const chargeRead = cell('totalCharge');
      if (rev === '0001' || (n === UB04_LINES_PER_PAGE + 1 && chargeRead && clean(chargeRead.text))) {
        totalRead = chargeRead;
        totalCents = amountOf(chargeRead);
        totalNonCovered = amountOf(cell('nonCovered'));
        totalPage = page.page;
        continue;
      }
      if (n > UB04_LINES_PER_PAGE) continue;
      // Read from pixels, a row with neither a revenue code nor a charge but some marks (a fax streak, the sample
      // form's watermark, a stain) is no service line: it is named for a person to look at, not billed at $0.
      const rowCells = (['revenueCode', 'hcpcs', 'serviceDate', 'units', 'totalCharge'] as const).map(cell);
      if (rowCells.some(isMachineRead) && !/^\d{3,4}$/.test(rev) && amountOf(chargeRead) === null) {
        if (rowCells.some((c) => clean(c?.text))) marks.push(`page ${page.page} row ${n}`);
        continue;
      }
      const line = readLine(page.page, n, cell, draft, lines.length, (where, read) => unsure.push({ index: lines.length, where, read }));
      if (line) {
        lines.push({ ...line, lineNumber: lines.length + 1 });
        lineReads.push({ date: cell('serviceDate'), charge: chargeRead });
      }
    }
  }

  draft.note('totalChargeCents', totalRead, 'FL47');
  const totalUnsure = isMachineRead(totalRead) && (totalRead?.confidence ?? 0) < LOW_CONFIDENCE;
  if (totalCents === null) draft.review(at(totalPage, 'FL47'), totalRead ? 'the 0001 total line charge is not an amount' : 'the 0001 total line is missing');
  else if (lines.length > 0) {
    // The 0001 total and the line charges check each other, as on the CMS-1500: one amount read unsurely, all the
    // others surely, and the arithmetic naming a value one misread digit away from what was read.
    const sum = sumCents(lines.map((l) => l.chargeCents));
    const [doubt] = unsure;
    const derived = doubt ? totalCents - (sum - lines[doubt.index]!.chargeCents) : 0;
    if (unsure.length === 1 && !totalUnsure && derived > 0 && digitsClose(String(derived), doubt!.read)) {
      draft.notice(doubt!.where, `charge read unsurely as ${doubt!.read}; ${formatCents(derived)} is what the 0001 total and the other lines require`);
      lines[doubt!.index] = { ...lines[doubt!.index]!, chargeCents: derived };
      unsure.length = 0;
    } else if (unsure.length === 0 && totalUnsure && sum !== totalCents && digitsClose(String(sum), String(totalCents))) {
      draft.notice(at(totalPage, 'FL47'), `total read unsurely as ${formatCents(totalCents)}; the line charges add up to ${formatCents(sum)}`);
      totalCents = sum;
    } else {
      if (sum !== totalCents) draft.review(at(totalPage, 'FL47'), `line charges add up to ${formatCents(sum)} but the 0001 total reads ${formatCents(totalCents)}`);
      if (totalUnsure && sum !== totalCents) draft.review(at(totalPage, 'FL47'), 'total charge was read with low confidence');
    }
  }
  for (const doubt of unsure) draft.review(doubt.where, 'charge was read with low confidence');
  if (lines.length === 0) draft.review(at(first.page, 'FL42-47'), 'no service line could be read');
  if (marks.length > 0)
    draft.review(`${marks.join(', ')}, FL42-47`, 'marks with no revenue code and no charge (a streak, a stain?) were not taken as service lines; check them');
  void totalNonCovered;

  const tob = compact(header('typeOfBill')?.text);
  const typeOfBill = /^\d{3,4}$/.test(tob) ? tob.padStart(4, '0') : null;
  draft.note('typeOfBill', header('typeOfBill'), 'FL4');
  if (!typeOfBill) draft.review(at(first.page, 'FL4'), tob ? 'type of bill is not a 3-4 digit code' : 'type of bill is missing');

  const statementFrom = parseDateText(compact(header('statementFrom')?.text));
  const statementTo = parseDateText(compact(header('statementThrough')?.text));
  draft.note('statementFrom', header('statementFrom'), 'FL6');
  draft.note('statementTo', header('statementThrough'), 'FL6');
  if (!statementFrom || !statementTo) draft.review(at(first.page, 'FL6'), 'statement period is missing or not a real date');
  // A line's date lies within the statement period (FL6). Read from pixels, one outside it is a misread; and where
  // the period is one day, a date that did not read is that day.
  // (One day: FROM read surely, THROUGH read as the same date, surely or not.)
  const fromRead = header('statementFrom');
  const sureStatement = statementFrom !== null && statementFrom === statementTo && (!isMachineRead(fromRead) || (fromRead?.confidence ?? 0) >= LOW_CONFIDENCE);
  for (const [i, l] of lines.entries()) {
    const read = lineReads[i]!.date;
    const machine = isMachineRead(read ?? lineReads[i]!.charge);
    const outside = l.serviceDate !== null && statementFrom !== null && statementTo !== null && (l.serviceDate < statementFrom || l.serviceDate > statementTo);
    if (machine && sureStatement && (l.serviceDate === null || outside)) {
      draft.review(`line ${i + 1}, FL45`, `date of service read as ${l.serviceDate ?? (compact(read?.text) || 'nothing')}: taken as the one-day statement period's ${statementFrom}; check it`);
      lines[i] = { ...l, serviceDate: statementFrom };
    } else if (outside) {
      if (machine) draft.review(`line ${i + 1}, FL45`, 'date of service read outside the statement period');
      else draft.notice(`line ${i + 1}, FL45`, 'date of service is outside the statement period');
    }
  }

  const npi = compact(header('billingNpi')?.text) || null;
  draft.note('providers.0.npi', header('billingNpi'), 'FL56');
  if (!npi) draft.review(at(first.page, 'FL56'), 'billing provider NPI is missing');
  else if (!isValidNpi(npi)) draft.review(at(first.page, 'FL56'), 'billing provider NPI fails its check digit');
  const tin = normalizeTaxId(text('taxId'));
  draft.note('providers.0.tin', header('taxId'), 'FL5');
  if (header('taxId') && !tin) draft.review(at(first.page, 'FL5'), 'federal tax number is not nine digits');

  const providerLines = ['providerLine1', 'providerLine2', 'providerLine3', 'providerLine4'].map(text).filter(Boolean);
  const cityIndex = providerLines.findIndex((l, i) => i > 0 && /\b\d{5}(-?\d{4})?$/.test(l));
  const cityLine = cityIndex > 0 ? providerLines[cityIndex]! : null;
  const providers: Provider[] = [
    {
      role: 'billing',
      name: providerLines[0] ?? null,
      npi,
      tin,
      address: cityLine ? { line1: cityIndex > 1 ? providerLines[1]! : null, line2: null, ...parseCityStateZip(cityLine) } : null,
      taxonomy: null,
    },
  ];
  draft.note('providers.0.name', header('providerLine1'), 'FL1');
  if (!cityLine) draft.review(at(first.page, 'FL1'), 'billing provider address (city, state, ZIP) is missing');

  const attendingNpi = compact(header('attendingNpi')?.text) || null;
  if (attendingNpi) {
    const attendingName = [text('attendingFirst'), text('attendingLast')].filter(Boolean).join(' ');
    providers.push({ role: 'attending', name: attendingName || null, npi: attendingNpi, tin: null, address: null, taxonomy: null });
    draft.note('providers.1.npi', header('attendingNpi'), 'FL76');
    if (!isValidNpi(attendingNpi)) draft.review(at(first.page, 'FL76'), 'attending NPI fails its check digit');
  }

  const diagnoses: string[] = [];
  const principal = compact(header('principalDiagnosis')?.text).toUpperCase().replace(/\./g, '');
  if (principal) {
    draft.note('diagnoses.0', header('principalDiagnosis'), 'FL67');
    diagnoses.push(principal);
  }
  UB04_OTHER_DIAGNOSES.forEach((_, i) => {
    const read = header(`dx${i}`);
    const code = compact(read?.text).toUpperCase().replace(/\./g, '');
    if (!code) return;
    draft.note(`diagnoses.${diagnoses.length}`, read, 'FL67');
    diagnoses.push(code);
  });
  const drg = compact(header('drg')?.text) || null;
  draft.note('drg', header('drg'), 'FL71');

  const patientControl = first.patientControl || null;
  draft.note('claimNumber', first.cells.get('patientControl'), 'FL3a');
  const name = parsePersonName(text('patientName'));
  const admission = parseDateText(compact(header('admissionDate')?.text));

  const bill = Bill.parse({
    sourceFormat: 'ub04',
    claimType: 'institutional',
    claimIndex,
    claimNumber: patientControl,
    providers,
    payer: text('payerName') ? { name: text('payerName'), id: null } : null,
    patient: { memberId: text('insuredId') || null, lastName: name.lastName, firstName: name.firstName, accountNumber: patientControl },
    statementFrom,
    statementTo,
    admissionDate: admission,
    placeOfService: null,
    typeOfBill,
    frequencyCode: typeOfBill ? typeOfBill.slice(-1) : null,
    diagnoses,
    drg,
    totalChargeCents: totalCents,
    amountPaidCents: null,
    lines,
    provenance: draft.provenance,
    reviewReasons: draft.reviewReasons,
  });
  return { bill, problems: draft.problems };
}

function readLine(
  page: number,
  n: number,
  cell: (c: Ub04LineColumn) => CellRead | undefined,
  draft: BillDraft,
  index: number,
  unsureCharge: (where: string, read: string) => void,
): ServiceLine | null {
  const where = (box: string): string => `page ${page}, ${box} line ${n}`;
  const path = (field: string): string => `lines.${index}.${field}`;
  const rev = compact(cell('revenueCode')?.text);
  const hcpcsText = clean(cell('hcpcs')?.text).toUpperCase();
  const chargeRead = cell('totalCharge');
  if (!rev && !hcpcsText && !clean(chargeRead?.text)) return null;

  if (!/^\d{3,4}$/.test(rev)) draft.review(where('FL42'), rev ? 'revenue code is not a 4-digit code' : 'revenue code is missing');
  draft.note(path('revenueCode'), cell('revenueCode'), 'FL42');

  // FL44 holds a HCPCS code with its modifiers, or an accommodation rate (a money amount) on room lines.
  let code: string | null = null;
  const modifiers: string[] = [];
  if (hcpcsText && !RATE.test(hcpcsText)) {
    const tokens = hcpcsText.split(/[\s:-]+/).filter(Boolean);
    const joined = tokens.join('');
    const head = tokens[0]!.length > 5 ? joined.slice(0, 5) : tokens[0]!;
    const rest = tokens[0]!.length > 5 ? (joined.slice(5).match(/.{1,2}/g) ?? []) : tokens.slice(1);
    code = head;
    if (isMachineRead(cell('hcpcs'))) {
      const repaired = repairCode(code);
      if (repaired.status === 'unknown') draft.review(where('FL44'), `HCPCS code ${code} is not a known code and cannot be corrected unambiguously`);
      else if (cell('hcpcs')!.confidence < LOW_CONFIDENCE) draft.review(where('FL44'), 'HCPCS code and modifiers were read with low confidence');
      code = repaired.value;
    } else if (!isKnownCode(code)) draft.notice(where('FL44'), `HCPCS code ${code} is not in the code sets on hand`);
    for (const m of rest.slice(0, 4)) modifiers.push(isMachineRead(cell('hcpcs')) ? repairModifier(m).value : m);
    draft.note(path('code'), cell('hcpcs'), 'FL44');
  }

  const dateText = compact(cell('serviceDate')?.text);
  const serviceDate = dateText ? parseDateText(dateText) : null;
  if (dateText && !serviceDate) draft.review(where('FL45'), 'service date is not a real date');
  draft.note(path('serviceDate'), cell('serviceDate'), 'FL45');

  const unitsText = compact(cell('units')?.text);
  const units = unitsText === '' ? 0 : /^\d+(\.\d+)?$/.test(unitsText) ? Number(unitsText) : null;
  if (units === null) draft.review(where('FL46'), 'units are not a number');
  draft.note(path('units'), cell('units'), 'FL46');

  const charge = amountOf(chargeRead);
  if (charge === null) draft.review(where('FL47'), chargeRead ? 'charge is not an amount' : 'charge is missing');
  else if (isMachineRead(chargeRead) && (chargeRead?.confidence ?? 0) < LOW_CONFIDENCE) unsureCharge(where('FL47'), String(charge));
  draft.note(path('chargeCents'), chargeRead, 'FL47');
  const nonCovered = amountOf(cell('nonCovered'));

  return {
    lineNumber: index + 1,
    serviceDate,
    serviceDateTo: null,
    revenueCode: /^\d{3,4}$/.test(rev) ? rev.padStart(4, '0') : null,
    code,
    modifiers,
    chargeCents: charge ?? 0,
    nonCoveredCents: nonCovered,
    unitBasis: /^01\d\d$/.test(rev.padStart(4, '0')) ? 'DA' : 'UN',
    units: units ?? 0,
    placeOfService: null,
    diagnosisPointers: [],
    ndc: null,
    renderingNpi: null,
    existingRepricing: null,
  };
}
