// Reads one CMS-1500 (02/12) page, cell by cell through its template, into a validated professional Bill.
import { Bill, type Provider, type ServiceLine } from '../../../model/bill.ts';
import { sumCents, formatCents } from '../../../model/money.ts';
import type { ExtractionProblem } from '../../extraction-result.ts';
import { BillDraft, LOW_CONFIDENCE } from '../bill-draft.ts';
import { IN_DOUBT, isMachineRead, type CellKind, type CellRead, type CellRequest, type CellSource } from '../cells.ts';
import { repairCode, repairModifier, isKnownCode, isKnownModifier, isKnownModifierFor, knownCodesOneEditFrom } from '../code-set.ts';
import { digitsClose, isoDate, isValidNpi, normalizeTaxId, oneMore, parseMoney } from '../field-checks.ts';
import { codeByShape } from './procedure-code.ts';
import { address, parsePersonName } from '../parties.ts';
import { CMS1500_DIAGNOSES, CMS1500_HEADER, CMS1500_LINE_COLUMNS, lineCell, type Cms1500LineColumn } from './template.ts';

const HEADER_KINDS: Partial<Record<keyof typeof CMS1500_HEADER, CellKind>> = {
  icdIndicator: 'digits',
  taxId: 'alnum',
  totalCharge: 'money',
  amountPaid: 'money',
  facilityNpi: 'digits',
  billingNpi: 'digits',
};

const LINE_KINDS: Record<Cms1500LineColumn, CellKind> = {
  fromMonth: 'digits', fromDay: 'digits', fromYear: 'digits', toMonth: 'digits', toDay: 'digits', toYear: 'digits',
  placeOfService: 'digits', emergency: 'alnum', code: 'code', modifier1: 'modifier', modifier2: 'modifier',
  modifier3: 'modifier', modifier4: 'modifier', pointer: 'pointer', charge: 'money', units: 'digits', epsdt: 'alnum',
  qualifier: 'alnum', renderingNpi: 'digits',
};

export const CMS1500_LINES = 6;

// An amount as printed, or its digits alone (the point is small and sits on the printed divider: cents are always
// printed on this form, so the reader takes the last two digits as cents).
const AMOUNT = /^\$?(\d{1,3}(,?\d{3})*[. ]\d{2}|\d{3,8})$/;
/** A line date's year as printed: YY, or YYYY. */
const YEAR = /^(\d{2}|\d{4})$/;
/** What a cell can hold, for an OCR source to tell a misread from a value. */
const LINE_ACCEPT: Partial<Record<Cms1500LineColumn, (t: string) => boolean>> = {
  fromMonth: (t) => /^(0?[1-9]|1[0-2])$/.test(t),
  toMonth: (t) => /^(0?[1-9]|1[0-2])$/.test(t),
  fromDay: (t) => /^(0?[1-9]|[12]\d|3[01])$/.test(t),
  toDay: (t) => /^(0?[1-9]|[12]\d|3[01])$/.test(t),
  fromYear: (t) => YEAR.test(t),
  toYear: (t) => YEAR.test(t),
  placeOfService: (t) => /^\d{2}$/.test(t),
  code: (t) => {
    const [code, ...modifiers] = t.split(' ');
    return isKnownCode(code!) && modifiers.every((m) => isKnownModifierFor(m, code!));
  },
  modifier1: isKnownModifier,
  modifier2: isKnownModifier,
  modifier3: isKnownModifier,
  modifier4: isKnownModifier,
  pointer: (t) => /^[A-L1-4]{1,4}$/.test(t.replace(/ /g, '')),
  charge: (t) => AMOUNT.test(t),
  units: (t) => /^\d{1,4}(\.\d{1,3})?$/.test(t),
  renderingNpi: isValidNpi,
};
/**
 * What a value of a cell looks like even when no check accepts it: reads agreeing on anything else are pieces of one
 * (a modifier read as one character, a year as one digit, however many reads agree on it).
 */
const LINE_SHAPED: Partial<Record<Cms1500LineColumn, (t: string) => boolean>> = {
  fromYear: (t) => YEAR.test(t),
  toYear: (t) => YEAR.test(t),
  ...Object.fromEntries((['modifier1', 'modifier2', 'modifier3', 'modifier4'] as const).map((m) => [m, (t: string) => /^[A-Z0-9]{2}$/.test(t)])),
};
const HEADER_ACCEPT: Partial<Record<keyof typeof CMS1500_HEADER, (t: string) => boolean>> = {
  icdIndicator: (t) => /^[09]$/.test(t),
  taxId: (t) => /^(\d{2}-?\d{7}|\d{3}-?\d{2}-?\d{4})$/.test(t),
  totalCharge: (t) => AMOUNT.test(t),
  amountPaid: (t) => AMOUNT.test(t),
  facilityNpi: isValidNpi,
  billingNpi: isValidNpi,
};
// A city line ends in a ZIP; reads must agree on the ZIP (it sets the pricing locality).
const CITY_LINE = { accept: (t: string) => /\b\d{5}(-?\d{4})?$/.test(t), agreeOn: (t: string) => /(\d{5})(-?\d{4})?$/.exec(t)?.[1] ?? t };
const HEADER_AGREE: Partial<Record<keyof typeof CMS1500_HEADER, { accept: (t: string) => boolean; agreeOn?: (t: string) => string }>> = {
  billingCity: CITY_LINE,
  facilityCity: CITY_LINE,
  accountNumber: { accept: (t) => /^[A-Z0-9][A-Z0-9 .\/-]*$/i.test(t) },
};
const DIAGNOSIS = (t: string): boolean => /^([A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?|\d{3}(\.?\d{1,2})?|[EV]\d{2,3}(\.?\d{1,2})?)$/.test(t);

/**
 * Values nothing else on the form checks: read twice (an NPI has its check digit, charges add up to the total;
 * these have nothing of the kind).
 */
const TWICE = new Set(['fromMonth', 'fromDay', 'fromYear', 'toMonth', 'toDay', 'toYear', 'code', 'modifier1', 'modifier2', 'modifier3', 'modifier4', 'units', 'billingCity', 'taxId', 'accountNumber']);

/** Cells of the form the Bill takes nothing from: not asked for (OCR time goes to what is used). */
const UNUSED = new Set(['billingPhone', 'icdIndicator', 'emergency', 'epsdt', 'qualifier']);

/** Every cell the reader asks for, so an OCR engine can plan its work (rows, alphabets) in one go. */
export function cms1500Requests(): CellRequest[] {
  const requests: CellRequest[] = [];
  const withAccept = (r: CellRequest, accept: ((t: string) => boolean) | undefined): CellRequest => (accept ? { ...r, accept } : r);
  for (const [key, cell] of Object.entries(CMS1500_HEADER)) {
    if (UNUSED.has(key)) continue;
    const name = key as keyof typeof CMS1500_HEADER;
    requests.push({
      ...withAccept({ key, rect: cell.rect, box: cell.box, kind: HEADER_KINDS[name] ?? 'text' }, HEADER_ACCEPT[name]),
      ...HEADER_AGREE[name],
      ...(TWICE.has(key) ? { twice: true } : {}),
      ...(name === 'totalCharge' || name === 'amountPaid' ? { priced: true } : {}),
    });
  }
  CMS1500_DIAGNOSES.forEach((rect, i) => requests.push({ key: `dx${i}`, rect, box: '21', kind: 'code', accept: DIAGNOSIS }));
  for (let line = 1; line <= CMS1500_LINES; line++)
    for (const column of (Object.keys(CMS1500_LINE_COLUMNS) as Cms1500LineColumn[]).filter((c) => !UNUSED.has(c)))
      requests.push({
        ...withAccept({ key: `l${line}.${column}`, rect: lineCell(line, column), box: CMS1500_LINE_COLUMNS[column].box, kind: LINE_KINDS[column] }, LINE_ACCEPT[column]),
        ...(TWICE.has(column) ? { twice: true } : {}),
        ...(column === 'code' || column === 'charge' ? { priced: true } : {}),
        ...(column === 'code'
          ? {
              repairable: (t: string) => repairCode(t.split(' ')[0]!).status === 'corrected' || codeByShape(t.split(' ')[0]!) !== null,
              shaped: (t: string) => /^[A-Z0-9]{5}( [A-Z0-9]{2})*$/.test(t),
              candidates: (t: string) => (/^[A-Z0-9]{3,6}$/.test(t) ? knownCodesOneEditFrom(t) : []),
            }
          : {}),
        ...(LINE_SHAPED[column] ? { shaped: LINE_SHAPED[column] } : {}),
      });
  return requests;
}

/** Below this, a modifier box's read that no other read agrees with is a mark, not a modifier. */
const STRAY_MARK = 0.3;

const compact = (s: string | undefined): string => (s ?? '').replace(/\s+/g, '');
const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
/** An amount cell's value in cents (box 24F, 28, 29), null when it reads as no amount or was not read. */
const amountOf = (r: CellRead | undefined): number | null => (r ? parseMoney(splitCents(r.text, isMachineRead(r))) : null);

export async function readCms1500(source: CellSource, claimIndex: number): Promise<{ bill: Bill; problems: ExtractionProblem[] }> {
  const cells = await source.read(cms1500Requests());
  const draft = new BillDraft(claimIndex);
  const page = source.page;
  const at = (box: string): string => `page ${page}, box ${box}`;
  const get = (key: string): CellRead | undefined => cells.get(key);
  const text = (key: string): string => clean(get(key)?.text);

  const lines: ServiceLine[] = [];
  /** Lines whose charge was read, but not surely (reconciled with the total below, or sent to review). */
  const unsure: { index: number; where: string; read: string }[] = [];
  for (let n = 1; n <= CMS1500_LINES; n++) {
    const line = readLine(n, get, draft, at, lines.length, (where, read) => unsure.push({ index: lines.length, where, read }));
    if (line) lines.push(line);
  }

  const diagnoses: string[] = [];
  CMS1500_DIAGNOSES.forEach((_, i) => {
    const read = get(`dx${i}`);
    const code = compact(read?.text).toUpperCase().replace(/[^A-Z0-9.]/g, '').replace(/\./g, '');
    if (!code) return;
    draft.note(`diagnoses.${diagnoses.length}`, read, '21');
    diagnoses.push(code);
  });

  const totalRead = get('totalCharge');
  let totalChargeCents = amountOf(totalRead);
  draft.note('totalChargeCents', totalRead, '28');
  const totalUnsure = isMachineRead(totalRead) && (totalRead?.confidence ?? 0) < LOW_CONFIDENCE;
  // The total and the line charges check each other: one amount read unsurely, all the others surely, and the
  // arithmetic naming a value one misread digit away from what was read: that value is what is printed.
  if (unsure.length === 1 && !totalUnsure && totalChargeCents !== null) {
    const [doubt] = unsure;
    const others = sumCents(lines.filter((_, i) => i !== doubt!.index).map((l) => l.chargeCents));
    const derived = totalChargeCents - others;
    if (derived > 0 && digitsClose(String(derived), doubt!.read)) {
      draft.notice(doubt!.where, `charge read unsurely as ${doubt!.read}; ${formatCents(derived)} is what the total and the other lines require`);
      lines[doubt!.index] = { ...lines[doubt!.index]!, chargeCents: derived };
      unsure.length = 0;
    }
  }
  let totalReconciled = false;
  if (unsure.length === 0 && totalUnsure && totalChargeCents !== null && lines.length > 0) {
    const sum = sumCents(lines.map((l) => l.chargeCents));
    if (sum !== totalChargeCents && digitsClose(String(sum), String(totalChargeCents))) {
      draft.notice(at('28'), `total read unsurely as ${formatCents(totalChargeCents)}; the line charges add up to ${formatCents(sum)}`);
      totalChargeCents = sum;
      totalReconciled = true;
    } else if (sum === totalChargeCents) totalReconciled = true;
  }
  if (!totalUnsure && isMachineRead(totalRead) && totalChargeCents !== null) reconcileAgreedCharge(lines, totalChargeCents, get, draft, at);
  for (const doubt of unsure) draft.review(doubt.where, 'charge was read with low confidence');
  const paidRead = get('amountPaid');
  const amountPaidCents = amountOf(paidRead);
  draft.note('amountPaidCents', paidRead, '29');

  const tin = normalizeTaxId(text('taxId'));
  draft.note('providers.0.tin', get('taxId'), '25');
  if (get('taxId') && !tin) draft.review(at('25'), 'federal tax ID is not nine digits');

  const billingNpi = compact(get('billingNpi')?.text) || null;
  draft.note('providers.0.npi', get('billingNpi'), '33a');
  if (!billingNpi) draft.review(at('33a'), 'billing provider NPI is missing');
  else if (!isValidNpi(billingNpi)) draft.review(at('33a'), 'billing provider NPI fails its check digit');

  const providers: Provider[] = [
    {
      role: 'billing',
      name: text('billingName') || null,
      npi: billingNpi,
      tin,
      address: address(text('billingStreet'), text('billingCity')),
      taxonomy: null,
    },
  ];
  draft.note('providers.0.name', get('billingName'), '33');
  draft.note('providers.0.address', get('billingCity'), '33');
  if (!text('billingCity')) draft.review(at('33'), 'billing provider address (city, state, ZIP) is missing');
  // Identifiers and the ZIP (it picks the pricing locality) are trusted only when read surely.
  const readUnsurely = (key: string): boolean => isMachineRead(get(key)) && (get(key)?.confidence ?? 0) < LOW_CONFIDENCE;
  if (readUnsurely('billingCity')) draft.review(at('33'), 'billing provider city, state and ZIP were read with low confidence');
  if (readUnsurely('taxId')) draft.review(at('25'), 'federal tax ID was read with low confidence');
  if (readUnsurely('accountNumber')) draft.review(at('26'), 'patient account number was read with low confidence');
  if (readUnsurely('billingNpi') && billingNpi && isValidNpi(billingNpi)) draft.review(at('33a'), 'billing provider NPI was read with low confidence');

  const facilityNpi = compact(get('facilityNpi')?.text) || null;
  if (text('facilityName') || facilityNpi) {
    const index = providers.length;
    providers.push({
      role: 'service-facility',
      name: text('facilityName') || null,
      npi: facilityNpi,
      tin: null,
      address: address(text('facilityStreet'), text('facilityCity')),
      taxonomy: null,
    });
    draft.note(`providers.${index}.name`, get('facilityName'), '32');
    draft.note(`providers.${index}.npi`, get('facilityNpi'), '32a');
    if (facilityNpi && !isValidNpi(facilityNpi)) draft.review(at('32a'), 'service facility NPI fails its check digit');
  }
  const renderingNpis = [...new Set(lines.map((l) => l.renderingNpi).filter((x): x is string => !!x))];
  if (renderingNpis.length === 1)
    providers.push({ role: 'rendering', name: null, npi: renderingNpis[0]!, tin: null, address: null, taxonomy: null });

  const name = parsePersonName(text('patientName'));
  draft.note('patient.lastName', get('patientName'), '2');
  draft.note('patient.memberId', get('insuredId'), '1a');
  const account = text('accountNumber') || null;
  draft.note('patient.accountNumber', get('accountNumber'), '26');
  draft.note('claimNumber', get('accountNumber'), '26');

  if (lines.length === 0) draft.review(at('24'), 'no service line could be read');
  const chargesRead = lines.length > 0 && lines.every((l) => amountOf(get(`l${l.lineNumber}.charge`)) !== null);
  if (totalChargeCents === null && chargesRead) {
    // The line charges say what the total should be; a person confirms it against the paper.
    totalChargeCents = sumCents(lines.map((l) => l.chargeCents));
    draft.review(at('28'), `${totalRead ? `total charge read as "${clean(totalRead.text)}" is not an amount` : 'total charge is missing'}: taken as the line charges' sum ${formatCents(totalChargeCents)}, check it`);
  } else if (totalChargeCents === null) {
    draft.review(at('28'), totalRead ? 'total charge is not an amount' : 'total charge is missing');
  } else if (lines.length > 0 && lines.every((l) => l.chargeCents >= 0)) {
    const sum = sumCents(lines.map((l) => l.chargeCents));
    if (sum !== totalChargeCents)
      draft.review(at('28'), `line charges add up to ${formatCents(sum)} but the total charge reads ${formatCents(totalChargeCents)}`);
  }
  if (totalUnsure && !totalReconciled) draft.review(at('28'), 'total charge was read with low confidence');

  const dates = lines.flatMap((l) => [l.serviceDate, l.serviceDateTo]).filter((d): d is string => !!d).sort();
  const placeCounts = new Map<string, number>();
  for (const l of lines) if (l.placeOfService) placeCounts.set(l.placeOfService, (placeCounts.get(l.placeOfService) ?? 0) + 1);
  const placeOfService = [...placeCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

  const bill = Bill.parse({
    sourceFormat: 'cms1500',
    claimType: 'professional',
    claimIndex,
    claimNumber: account,
    providers,
    payer: text('payerName') ? { name: text('payerName'), id: null } : null,
    patient: { memberId: text('insuredId') || null, lastName: name.lastName, firstName: name.firstName, accountNumber: account },
    statementFrom: dates[0] ?? null,
    statementTo: dates[dates.length - 1] ?? null,
    placeOfService,
    typeOfBill: null,
    frequencyCode: null,
    diagnoses,
    drg: null,
    totalChargeCents,
    amountPaidCents,
    lines,
    provenance: draft.provenance,
    reviewReasons: draft.reviewReasons,
  });
  return { bill, problems: draft.problems };
}

/**
 * Box 24F and 28 print dollars and cents on both sides of a divider: "428 83" -> "428.83". OCR may also split the
 * dollars ("1 928.06") or lose the point ("42883"); cents are always printed on this form, so the last two digits are
 * cents.
 */
function splitCents(text: string, machine = false): string {
  let t = text.trim();
  if (/\./.test(t)) t = t.replace(/(\d)\s+(?=\d)/g, '$1');
  const m = /^\$?\s*(-?[\d,]+)\s+(\d{2})$/.exec(t);
  if (m) return `${m[1]}.${m[2]}`;
  if (machine && /^\d{3,}$/.test(t)) return `${t.slice(0, -2)}.${t.slice(-2)}`;
  return t;
}

/**
 * Reads can agree on the same misread (print thresholded at fax resolution closes a 6 into an 8, a 9 into a 0). When
 * the total was read surely and the line charges add up to something else, the one line whose charge the arithmetic
 * puts a single misread digit away (of several such lines, the one another read of which gave that value) is taken at
 * what the total requires, and sent to a person with both figures. Otherwise nothing is changed (the mismatch itself
 * goes to review).
 */
function reconcileAgreedCharge(
  lines: ServiceLine[],
  totalCents: number,
  get: (key: string) => CellRead | undefined,
  draft: BillDraft,
  at: (box: string) => string,
): void {
  if (lines.length < 2) return;
  const sum = sumCents(lines.map((l) => l.chargeCents));
  if (sum === totalCents) return;
  const candidates = lines
    .map((line, index) => ({ index, line, required: totalCents - (sum - line.chargeCents) }))
    .filter(({ line, required }) => required > 0 && isMachineRead(get(`l${line.lineNumber}.charge`)) && digitsClose(String(required), String(line.chargeCents)));
  // Several lines could be it: the one another read of which gave what the total requires.
  const readSo = candidates.filter(({ line, required }) =>
    (get(`l${line.lineNumber}.charge`)?.rivals ?? []).some((t) => parseMoney(splitCents(t, true)) === required),
  );
  const chosen = candidates.length === 1 ? candidates : readSo;
  if (chosen.length !== 1) return;
  const [{ index, line, required }] = chosen as [(typeof candidates)[number]];
  draft.review(
    `${at('24F')} line ${line.lineNumber}`,
    `charge read as ${formatCents(line.chargeCents)}, but the total ${formatCents(totalCents)} and the other lines require ${formatCents(required)}, one misread digit away: taken, check it`,
  );
  lines[index] = { ...line, chargeCents: required };
}

function readLine(
  n: number,
  get: (key: string) => CellRead | undefined,
  draft: BillDraft,
  at: (box: string) => string,
  index: number,
  unsureCharge: (where: string, read: string) => void,
): ServiceLine | null {
  const cell = (c: Cms1500LineColumn): CellRead | undefined => get(`l${n}.${c}`);
  const raw = (c: Cms1500LineColumn): string => compact(cell(c)?.text);
  const where = (box: string): string => `${at(box)} line ${n}`;
  const path = (field: string): string => `lines.${index}.${field}`;
  const codeRead = cell('code');
  const chargeRead = cell('charge');
  const anything = (Object.keys(CMS1500_LINE_COLUMNS) as Cms1500LineColumn[]).some(
    (c) => c !== 'qualifier' && c !== 'epsdt' && c !== 'emergency' && raw(c) !== '',
  );
  if (!anything) return null;
  // A scan's specks can leave a stray mark or two on an empty line: without a date, a charge or a code-length read,
  // it is no service line (noted, not read).
  const substantive = /\d/.test(raw('fromMonth') + raw('fromDay') + raw('charge')) || raw('code').length >= 4;
  if (!substantive && isMachineRead(codeRead ?? chargeRead ?? cell('fromMonth'))) {
    draft.notice(where('24'), 'stray marks on an otherwise empty service line were ignored');
    return null;
  }

  // Code cell may carry modifiers too ("99213 25") when a form was printed without the modifier grid.
  const codeTokens = clean(codeRead?.text).toUpperCase().split(' ').filter(Boolean);
  // A slash is no code's character but OCR's read of a 7's stroke (or a 1): kept for the repair to weigh.
  let code: string | null = (codeTokens[0] ?? '').replace(/[^A-Z0-9/]/g, '') || null;
  const modifierReads = (['modifier1', 'modifier2', 'modifier3', 'modifier4'] as const).map((c) => ({ c, read: cell(c) }));
  const modifierTexts = [
    ...codeTokens.slice(1).map((t) => ({ text: t, read: codeRead })),
    ...modifierReads.map(({ read }) => ({ text: compact(read?.text).toUpperCase(), read })),
  ].filter((m) => m.text !== '');

  if (code === null) draft.review(where('24D'), 'procedure code is missing');
  else if (isMachineRead(codeRead)) {
    const repaired = repairCode(code);
    const codeConfidence = codeRead?.confidence ?? 0;
    // Several reads agreeing on a code the code sets lack: that is what is printed (a newer or retired code), so it
    // is kept as read for a person to check rather than turned into its nearest known neighbour.
    if (repaired.status === 'corrected' && (codeRead?.agreed ?? 1) >= 2 && codeConfidence >= LOW_CONFIDENCE) {
      repaired.status = 'unknown';
      repaired.value = code;
    }
    // A read that is no code's shape (letters where digits go) is no printed code, however many reads agree on it.
    const shaped = repaired.status === 'unknown' ? codeByShape(code) : null;
    if (shaped) {
      draft.review(where('24D'), `procedure code read as ${code} taken as ${shaped} (letters where a code has digits)`);
      Object.assign(repaired, { status: 'corrected', value: shaped });
    } else if (repaired.status === 'corrected') draft.notice(where('24D'), `code read as ${code} corrected to ${repaired.value} (the only known code one character away)`);
    else if (repaired.status === 'unknown') draft.review(where('24D'), `procedure code ${code} is not a known code and cannot be corrected unambiguously`);
    code = repaired.value;
    // A known code read unsurely is taken as read unless its reads left it in doubt (a rival read as often); a repaired
    // one always goes to review.
    if (codeConfidence < LOW_CONFIDENCE && (repaired.status !== 'exact' || codeConfidence <= IN_DOUBT))
      draft.review(where('24D'), 'procedure code was read with low confidence');
  } else if (!isKnownCode(code)) draft.notice(where('24D'), `procedure code ${code} is not in the code sets on hand`);
  code = code?.replace(/\//g, '') || null;
  draft.note(path('code'), codeRead, '24D');

  const modifiers: string[] = [];
  for (const m of modifierTexts.slice(0, 4)) {
    let value = m.text.replace(/[^A-Z0-9]/g, '');
    // Modifiers are two characters: one character alone in a modifier box is a mark OCR read (a streak's or a
    // separator's piece), not a modifier. It is left out, and the line checked by a person all the same.
    // So is what the reads of an empty box a streak crosses make of it: each read something else, none of them even
    // a third sure (SH, SE, L).
    const stray = m.read !== codeRead && (m.read?.agreed ?? 1) < 2 && (m.read?.confidence ?? 0) < STRAY_MARK;
    if (isMachineRead(m.read) && (value.length === 1 || stray)) {
      draft.review(where('24D'), `a mark in a modifier box read as "${value}" was taken for no modifier`);
      continue;
    }
    if (isMachineRead(m.read)) {
      const repaired = repairModifier(value);
      if (repaired.status === 'unknown') draft.review(where('24D'), `modifier ${value} is not a known modifier`);
      else if ((m.read?.confidence ?? 0) < LOW_CONFIDENCE) draft.review(where('24D'), `modifier ${repaired.value} was read with low confidence`);
      value = repaired.value;
    }
    if (value) {
      draft.note(path(`modifiers.${modifiers.length}`), m.read, '24D');
      modifiers.push(value);
    }
  }

  const toParts = [raw('toMonth'), raw('toDay'), raw('toYear')];
  const { from, to } = serviceDates([cell('fromMonth'), cell('fromDay'), cell('fromYear')], [cell('toMonth'), cell('toDay'), cell('toYear')], (message) =>
    draft.review(where('24A'), message),
  );
  if (!from) draft.review(where('24A'), raw('fromMonth') + raw('fromDay') + raw('fromYear') ? 'date of service is not a real date' : 'date of service is missing');
  if (toParts.some((p) => p !== '') && !to) draft.review(where('24A'), 'service end date is not a real date');
  if (from && to && to < from) draft.review(where('24A'), 'service end date is before the start date');
  if (from && to && Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 1) draft.review(where('24A'), 'service dates from and to are years apart');
  if (from && from > new Date().toISOString().slice(0, 10)) draft.review(where('24A'), 'date of service is in the future');
  const dateConfidence = minConfidence(cell('fromMonth'), cell('fromDay'), cell('fromYear'));
  if (from && isMachineRead(cell('fromMonth') ?? cell('fromDay')) && dateConfidence < LOW_CONFIDENCE)
    draft.review(where('24A'), 'date of service was read with low confidence');
  draft.note(path('serviceDate'), cell('fromMonth') ?? cell('fromDay'), '24A', dateConfidence);
  if (to) draft.note(path('serviceDateTo'), cell('toMonth'), '24A', minConfidence(cell('toMonth'), cell('toDay'), cell('toYear')));

  const charge = amountOf(chargeRead);
  if (charge === null) draft.review(where('24F'), chargeRead ? 'charge is not an amount' : 'charge is missing');
  else if (isMachineRead(chargeRead) && (chargeRead?.confidence ?? 0) < LOW_CONFIDENCE) unsureCharge(where('24F'), String(charge));
  draft.note(path('chargeCents'), chargeRead, '24F');

  const unitsText = raw('units');
  const units = unitsText === '' ? 1 : /^\d+(\.\d+)?$/.test(unitsText) ? Number(unitsText) : null;
  if (units === null) draft.review(where('24G'), 'units are not a number');
  else if (unitsText === '') draft.notice(where('24G'), 'units are blank; 1 assumed');
  else if (isMachineRead(cell('units')) && (cell('units')?.confidence ?? 0) < LOW_CONFIDENCE) draft.review(where('24G'), 'units were read with low confidence');
  draft.note(path('units'), cell('units'), '24G');

  const pos = raw('placeOfService');
  if (pos && !/^\d{2}$/.test(pos)) draft.review(where('24B'), 'place of service is not a two-digit code');
  draft.note(path('placeOfService'), cell('placeOfService'), '24B');

  const pointerText = compact(cell('pointer')?.text).toUpperCase();
  const diagnosisPointers = [...pointerText]
    .map((ch) => (/[A-L]/.test(ch) ? ch.charCodeAt(0) - 64 : /[1-9]/.test(ch) ? Number(ch) : null))
    .filter((p): p is number => p !== null)
    .slice(0, 4);
  draft.note(path('diagnosisPointers'), cell('pointer'), '24E');

  const npi = raw('renderingNpi') || null;
  if (npi && !isValidNpi(npi)) draft.review(where('24J'), 'rendering NPI fails its check digit');
  draft.note(path('renderingNpi'), cell('renderingNpi'), '24J');

  return {
    lineNumber: n,
    serviceDate: from,
    serviceDateTo: to,
    revenueCode: null,
    code,
    modifiers,
    chargeCents: charge ?? 0,
    nonCoveredCents: null,
    // Box 24G holds minutes for anesthesia (CPT 00100-01999), units for everything else.
    unitBasis: code && /^0[01]\d{3}$/.test(code) && Number(code) >= 100 && Number(code) <= 1999 ? 'MJ' : 'UN',
    units: units ?? 0,
    placeOfService: /^\d{2}$/.test(pos) ? pos : null,
    diagnosisPointers,
    ndc: null,
    renderingNpi: npi,
    existingRepricing: null,
  };
}

/**
 * A line's dates of service from their month, day and year cells. One read badly is taken from the other when the
 * reads say so (see readsAsDate and oneUnsurePart), and flagged through `review`.
 */
function serviceDates(
  fromCells: (CellRead | undefined)[],
  toCells: (CellRead | undefined)[],
  review: (message: string) => void,
): { from: string | null; to: string | null } {
  const parts = (cells: (CellRead | undefined)[]): string[] => cells.map((c) => compact(c?.text));
  const asDate = ([m, d, y]: string[]): string | null => isoDate(m!, d!, y!);
  let from = asDate(parts(fromCells));
  let to = parts(toCells).every((p) => p === '') ? null : asDate(parts(toCells));
  const fromByYear = !from && to ? withYearOf(fromCells, to) : null;
  const toByYear = from && !to ? withYearOf(toCells, from) : null;
  if (!from && to && readsAsDate(fromCells, to)) {
    review(`date of service read as ${parts(fromCells).map((p) => p || '?').join('/')}: taken as the end date ${to}, which its other reads match; check it`);
    from = to;
  } else if (from && !to && parts(toCells).some((p) => p !== '') && readsAsDate(toCells, from)) {
    review(`service end date read as ${parts(toCells).map((p) => p || '?').join('/')}: taken as the start date ${from}, which its other reads match; check it`);
    to = from;
  } else if (fromByYear && to && fromByYear <= to) {
    from = fromByYear;
    review(`date of service read as ${parts(fromCells).map((p) => p || '?').join('/')}: its year taken from the end date, ${from}; check it`);
  } else if (toByYear && from && toByYear >= from) {
    to = toByYear;
    review(`service end date read as ${parts(toCells).map((p) => p || '?').join('/')}: its year taken from the start date, ${to}; check it`);
  } else if (from && to && from !== to) {
    const unsure = oneUnsurePart(fromCells, toCells);
    if (unsure === 'from') {
      review(`date of service read as ${from} (one part unsurely): taken as the end date ${to}, which its other parts match; check it`);
      from = to;
    } else if (unsure === 'to') {
      review(`service end date read as ${to} (one part unsurely): taken as the start date ${from}, which its other parts match; check it`);
      to = from;
    }
  }
  return { from, to };
}

/**
 * A line's date whose year no read has (a streak down the year column takes the 5 of every line's 25) with the year of
 * its other date: a service starts in the year it ends far more often than not. Null when its year was read, or its
 * month and day make no date.
 */
function withYearOf(cells: (CellRead | undefined)[], other: string): string | null {
  const [month, day, year] = cells;
  if (!cells.some(isMachineRead) || [year?.text, ...(year?.rivals ?? [])].some((t) => YEAR.test(compact(t)))) return null;
  return isoDate(compact(month?.text), compact(day?.text), other.slice(2, 4));
}

/**
 * Whether a line's date that did not read as a date (month, day, year cells) is its other date, misread: one that a
 * fax streak or a speck spoiled. Of all the reads of its cells, at least two parts have one that is the other date's,
 * and the part that has not has one a single misread digit from it.
 */
function readsAsDate(parts: (CellRead | undefined)[], iso: string): boolean {
  if (!parts.every(isMachineRead)) return false;
  const want = [iso.slice(5, 7), iso.slice(8, 10), iso.slice(2, 4)];
  const same = (read: string, i: number): boolean => {
    const digits = read.replace(/\D/g, '');
    return i === 2 ? digits === want[2] || digits === iso.slice(0, 4) : Number(digits) === Number(want[i]) && digits !== '';
  };
  const reads = parts.map((p) => [p!.text, ...(p!.rivals ?? [])]);
  const matching = reads.map((texts, i) => texts.some((t) => same(t, i)));
  if (matching.filter(Boolean).length < 2) return false;
  return reads.every((texts, i) => matching[i] || texts.some((t) => same(t, i) || (t.replace(/\D/g, '') !== '' && digitsClose(t, want[i]!))));
}

/**
 * Of a line's two dates that differ in one part only (month, day or year), the one whose differing part was read
 * unsurely while the other's was read surely, or that another read of which gave the other's with a digit more: a fax
 * streak through one digit of it, most often. The same dates with one part apart are far likelier one misread than a
 * span of months to the day.
 */
function oneUnsurePart(from: (CellRead | undefined)[], to: (CellRead | undefined)[]): 'from' | 'to' | null {
  const value = (c: CellRead | undefined): number => Number(compact(c?.text).replace(/\D/g, '')) % 100;
  const differ = [0, 1, 2].filter((i) => value(from[i]) !== value(to[i]));
  if (differ.length !== 1 || ![...from, ...to].every(isMachineRead)) return null;
  const sure = (c: CellRead | undefined): boolean => (c?.confidence ?? 0) >= LOW_CONFIDENCE && (c?.agreed ?? 1) >= 2;
  const [i] = differ as [number];
  if (!sure(from[i]) && sure(to[i])) return 'from';
  if (sure(from[i]) && !sure(to[i])) return 'to';
  // Both read surely, but one also once as the other's value, of which it is that value with a digit lost (a month
  // of 12 read as 1 twice beside a streak, as 12 once; the end month 12 every time).
  const lostDigitOf = (c: CellRead | undefined, other: CellRead | undefined): boolean =>
    (c?.rivals ?? []).some((r) => r === compact(other?.text) && oneMore(compact(c?.text), r));
  const fromLost = lostDigitOf(from[i], to[i]);
  const toLost = lostDigitOf(to[i], from[i]);
  if (fromLost !== toLost) return fromLost ? 'from' : 'to';
  return null;
}

function minConfidence(...reads: (CellRead | undefined)[]): number {
  const present = reads.filter((r): r is CellRead => r !== undefined);
  return present.length ? Math.min(...present.map((r) => r.confidence)) : 0;
}
