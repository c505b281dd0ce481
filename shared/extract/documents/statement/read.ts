// Reads itemized statements of layouts never seen before: finds the line table by its header words, assigns each
// row's words to columns, validates each cell by what it must hold, and finds the statement totals.
import { distance } from 'fastest-levenshtein';
import { Bill, type Provider, type ServiceLine } from '../../../model/bill.ts';
import { formatCents, sumCents } from '../../../model/money.ts';
import type { ExtractionProblem } from '../../extraction-result.ts';
import { BillDraft, LOW_CONFIDENCE } from '../bill-draft.ts';
import type { CellRead } from '../cells.ts';
import { isKnownCode, isKnownModifierFor, repairCode } from '../code-set.ts';
import { digitsClose, isValidNpi, normalizeTaxId, oneMore, parseDateText, parseMoney } from '../field-checks.ts';
import { parseCityStateZip, parsePersonName } from '../parties.ts';
import { groupLines, unionBox, type Box, type PageWords, type Word } from '../words.ts';

export type Role = 'date' | 'revenue' | 'code' | 'modifier' | 'description' | 'quantity' | 'price' | 'amount' | 'other';

interface Column {
  role: Role;
  label: string;
  left: number;
  right: number;
}

/** A header cell's role from its words; null when the words say nothing about a line table. */
export function roleOf(label: string): Role | null {
  const t = label.toUpperCase().replace(/[^A-Z/# ]/g, ' ').replace(/\s+/g, ' ').trim();
  return roleByWords(nearestHeaderWords(t));
}

/** Whole header words a pixel read may have lost a letter of (a fax streak through "Amount" reads "{mount"). */
const HEADER_WORDS: [string, Role][] = [
  ['PRICE', 'price'], ['AMOUNT', 'amount'], ['CHARGES', 'amount'], ['QUANTITY', 'quantity'], ['UNITS', 'quantity'],
  ['DESCRIPTION', 'description'], ['PROCEDURE', 'code'], ['MODIFIER', 'modifier'], ['REVENUE', 'revenue'],
  ['POSTED', 'date'],
];

/**
 * The label with each word that names no column itself, but is one letter from one of HEADER_WORDS (two in a long
 * word) and near no other, read as that word.
 */
function nearestHeaderWords(t: string): string {
  return t
    .split(' ')
    .map((word) => {
      if (word.length < 4 || roleByWords(word) !== null) return word;
      const near = HEADER_WORDS.filter(([known]) => distance(word, known) <= (known.length >= 7 ? 2 : 1));
      return near.length === 1 ? near[0]![0] : word;
    })
    .join(' ');
}

function roleByWords(t: string): Role | null {
  if (/\bREV(ENUE)?\b|\bUB\b/.test(t)) return 'revenue';
  if (/\bMOD(IFIERS?|S)?\b/.test(t)) return 'modifier';
  if (/\bUNIT ?(PRICE|COST|CHARGE)\b|\bPRICE\b|\bRATE\b/.test(t)) return 'price';
  if (/\bQTY\b|\bQUANTITY\b|\bUNITS?\b|\bDAYS\b/.test(t)) return 'quantity';
  if (/\bCPT\b|\bHCPCS\b|\bPROC(EDURE)?\b|\bCODE\b/.test(t)) return 'code';
  if (/\bDATE\b|\bDOS\b|\bPOSTED\b/.test(t)) return 'date';
  if (/\bAMOUNT\b|\bCHARGES?\b|\bTOTAL\b|\bBILLED\b|\bEXTENDED\b/.test(t)) return 'amount';
  if (/\bDESCRIPTION\b|\bSERVICE\b|\bITEM\b|\bDETAIL\b/.test(t)) return 'description';
  return null;
}

/** Splits a text line into cells at gaps wider than about two characters. */
function cellsOf(line: Word[]): Word[][] {
  const cells: Word[][] = [];
  for (const w of line) {
    const last = cells[cells.length - 1];
    const prev = last?.[last.length - 1];
    const gap = prev ? w.bbox.left - (prev.bbox.left + prev.bbox.width) : Infinity;
    if (last && prev && gap < Math.max(prev.bbox.height, w.bbox.height) * 0.9) last.push(w);
    else cells.push([w]);
  }
  return cells;
}

const text = (words: readonly Word[]): string => words.map((w) => w.text).join(' ');

/**
 * A table header: a line whose cells name at least three roles, including an amount (or a unit price last) and a date
 * or a code.
 */
function headerOf(line: Word[]): Column[] | null {
  const columns: Column[] = cellsOf(line).map((cell) => ({
    role: roleOf(text(cell)) ?? 'other',
    label: text(cell),
    left: cell[0]!.bbox.left,
    right: cell[cell.length - 1]!.bbox.left + cell[cell.length - 1]!.bbox.width,
  }));
  const roles = new Set(columns.map((c) => c.role));
  if (columns.filter((c) => c.role !== 'other').length < 3) return null;
  if (!roles.has('date') && !roles.has('code') && !roles.has('revenue')) return null;
  if (!roles.has('amount')) {
    // A table whose last heading is the unit price had its amount's heading beyond it, lost (a fax streak through
    // "Amount" can take the word from every read): the amount column is taken to be one column further right.
    const last = columns[columns.length - 1]!;
    if (last.role !== 'price') return null;
    const width = last.right - last.left;
    columns.push({ role: 'amount', label: '', left: last.right + width * 0.5, right: last.right + width * 1.5 });
  }
  // Several date columns (posted, service): the service date is the one that counts.
  const dates = columns.filter((c) => c.role === 'date');
  if (dates.length > 1) {
    const service = dates.find((c) => /SERV|DOS|SVC/i.test(c.label)) ?? dates[0]!;
    for (const c of dates) if (c !== service) c.role = 'other';
  }
  // Several amount columns (charges, payments, balance): the first is the charge.
  const amounts = columns.filter((c) => c.role === 'amount');
  if (amounts.length > 1) {
    const charge = amounts.find((c) => /CHARGE|AMOUNT|BILLED/i.test(c.label)) ?? amounts[0]!;
    for (const c of amounts) if (c !== charge) c.role = 'other';
  }
  return columns;
}

/** Column spans reach halfway to their neighbours, so left-, centre- and right-aligned values all land inside. */
function spans(columns: Column[]): { column: Column; from: number; to: number }[] {
  return columns.map((c, i) => ({
    column: c,
    from: i === 0 ? -Infinity : (columns[i - 1]!.right + c.left) / 2,
    to: i === columns.length - 1 ? Infinity : (c.right + columns[i + 1]!.left) / 2,
  }));
}

const DATE_RE = /^(\d{1,2}[/-]\d{1,2}[/-](\d{2}|\d{4})|\d{4}-\d{2}-\d{2})$/;
const MONEY_RE = /^\(?-?\$?-?[\d,]*\d\.\d{2}\)?(CR)?$/;
const CODE_RE = /^([A-Z]\d{4}|\d{4}[A-Z0-9])$/;
/** "A0427-RH" / "99213:25" -> "A0427": the code in front of attached modifiers. */
const codeHead = (t: string): string => t.toUpperCase().split(/[-:]/)[0]!;
/** What OCR reads for the digits of a code's last four places (A0427 read as AD427, S9500 as S9$00). */
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', D: '0', Q: '0', I: '1', L: '1', Z: '2', S: '5', $: '5', G: '6', B: '8' };
/**
 * A code as read from pixels with a look-alike in one of its last four places where a digit is printed: in the
 * table's code column, or anywhere on a row of a table whose code heading was lost, when the other three are digits.
 */
const misreadCode = (head: string, inCodeColumn: boolean): boolean => {
  if (!/^[A-Z0-9][A-Z0-9$]{4}$/.test(head) || (!inCodeColumn && [...head.slice(1)].filter((c) => /\d/.test(c)).length < 3)) return false;
  return CODE_RE.test(head[0] + [...head.slice(1)].map((c) => DIGIT_LOOKALIKES[c] ?? c).join(''));
};

/**
 * The date column's words read from pixels as a date once joined (a streak split "02/ 1/2025") and look-alikes read as
 * digits (02/D1/2025, or 02/o1/2025: the recogniser reads a 0 as "o"); null when they still make no date.
 */
function misreadDate(words: readonly Word[]): Word | null {
  if (words.length === 0) return null;
  const joined = words.map((w) => w.text).join('');
  const text = [...joined.toUpperCase()].map((c) => DIGIT_LOOKALIKES[c] ?? c).join('');
  return DATE_RE.test(text) && parseDateText(text) ? { ...read(words), text } : null;
}

interface Row {
  page: number;
  cells: Map<Role, Word[]>;
  words: Word[];
  /** The roles of the table's columns (a row may leave some empty). */
  roles: Set<Role>;
}

function rowOf(line: Word[], columns: Column[], page: number): Row {
  const cells = new Map<Role, Word[]>();
  const ranges = spans(columns);
  for (const w of line) {
    const center = w.bbox.left + w.bbox.width / 2;
    const hit = ranges.find((r) => center >= r.from && center < r.to);
    const role = hit?.column.role ?? 'other';
    cells.set(role, [...(cells.get(role) ?? []), w]);
  }
  return { page, cells, words: line, roles: new Set(columns.map((c) => c.role)) };
}

// "TOTAL BILL" and "TOTAL CHARG": a fax streak took the end of the word.
const TOTAL_LABELS: { re: RegExp; kind: 'charges' | 'paid' | 'due' }[] = [
  { re: /TOTAL\s*(CHARG\w*|BILL\w*|AMOUNT\s*BILLED)|CHARGES?\s*TOTAL|STATEMENT\s*TOTAL|^TOTAL:?$|^TOTALS:?$|GRAND\s*TOTAL/, kind: 'charges' },
  { re: /(TOTAL\s*)?(PAYMENTS?|ADJUSTMENTS?|INSURANCE\s*PAID|AMOUNT\s*PAID|CREDITS?)/, kind: 'paid' },
  { re: /BALANCE(\s*DUE)?|AMOUNT\s*DUE|PATIENT\s*(BALANCE|RESPONSIBILITY)|PLEASE\s*PAY/, kind: 'due' },
];

/** A line that states a total (a total label, an amount, no date): what ends a table. */
function totalsLine(line: Word[]): { label: (typeof TOTAL_LABELS)[number]; moneyWords: Word[] } | null {
  const joined = text(line).toUpperCase();
  const moneyWords = line.filter((w) => MONEY_RE.test(w.text.replace(/,/g, '')) || MONEY_RE.test(w.text));
  // Also with the spaces a streak put inside a word taken out ("T OTAL").
  const words = joined.replace(/[$\d.,()-]+/g, '').trim();
  const label = TOTAL_LABELS.find((t) => t.re.test(words) || t.re.test(words.replace(/\s+/g, '')));
  return label && moneyWords.length > 0 && !line.some((w) => DATE_RE.test(w.text)) ? { label, moneyWords } : null;
}

const read = (words: readonly Word[]): CellRead => ({
  text: text(words),
  confidence: Math.min(...words.map((w) => w.confidence)),
  bbox: unionBox(words.map((w) => w.bbox)),
  engine: words[0]!.engine,
  page: words[0]!.page,
});

/** A statement table's column on a page, in page fractions: where a pixel source can read it again, column by column. */
export interface StatementColumn {
  role: Role;
  from: number;
  to: number;
  /** From the header's bottom to the last row's bottom. */
  top: number;
  bottom: number;
  /** The table's heading line. */
  heading: Box;
}

/** The columns of the line tables on one page (a header, its rows, up to a totals line or the page's end). */
export function statementColumns(page: PageWords): StatementColumn[] {
  const out: StatementColumn[] = [];
  let table: { columns: Column[]; top: number; bottom: number; heading: Box } | null = null;
  const close = (): void => {
    if (table && table.bottom > table.top)
      for (const span of spans(table.columns)) {
        // Near its heading: a column whose neighbour's heading the page read lost would otherwise reach into it.
        const slack = Math.max(span.column.right - span.column.left, 0.04);
        const from = Math.max(0, span.from, span.column.left - slack);
        const to = Math.min(1, span.to, span.column.right + slack);
        out.push({ role: span.column.role, from, to, top: table.top, bottom: table.bottom, heading: table.heading });
      }
    table = null;
  };
  for (const line of groupLines(page.words)) {
    const box = unionBox(line.map((w) => w.bbox));
    const header = headerOf(line);
    if (header) {
      close();
      table = { columns: header, top: box.top + box.height, bottom: box.top + box.height, heading: box };
      continue;
    }
    if (!table) continue;
    if (totalsLine(line)) close();
    else table.bottom = box.top + box.height;
  }
  close();
  return out;
}

/**
 * The words with the line table's heading taken from another read of the page, where this read has no heading and
 * that one has: the line recogniser reads proportional print with few spaces and can mangle a heading tesseract read
 * whole, while reading the rows through fax streaks better.
 */
export function withHeadingFrom(words: Word[], other: readonly Word[]): Word[] {
  if (groupLines(words).some((l) => headerOf(l) !== null)) return words;
  const heading = groupLines(other).find((l) => headerOf(l) !== null);
  if (!heading) return words;
  const box = unionBox(heading.map((w) => w.bbox));
  const inHeading = (w: Word): boolean => Math.abs(w.bbox.top + w.bbox.height / 2 - (box.top + box.height / 2)) < box.height / 2;
  return [...words.filter((w) => !inHeading(w)), ...heading];
}

export function looksLikeStatement(pages: PageWords[]): boolean {
  return pages.some((p) => groupLines(p.words).some((l) => headerOf(l) !== null));
}

export function readItemizedStatement(pages: PageWords[], claimIndex: number): { bill: Bill; problems: ExtractionProblem[] } {
  const draft = new BillDraft(claimIndex);
  const lines: ServiceLine[] = [];
  /** Each line's code as read from pixels, before any repair (null when read from a text layer or absent). */
  const codesRead: (string | null)[] = [];
  let columns: Column[] | null = null;
  let tableEnded = false;
  const totals: { kind: 'charges' | 'paid' | 'due'; cents: number; read: CellRead }[] = [];
  const before: Word[][] = [];

  for (const page of pages) {
    const textLines = groupLines(page.words);
    for (const line of textLines) {
      const header = headerOf(line);
      if (header) {
        columns = header;
        tableEnded = false;
        continue;
      }
      const total = totalsLine(line);
      if (total) {
        const { label, moneyWords } = total;
        const last = moneyWords[moneyWords.length - 1]!;
        const cents = parseMoney(last.text);
        if (cents !== null) totals.push({ kind: label.kind, cents: label.kind === 'paid' ? Math.abs(cents) : cents, read: read([last]) });
        if (columns) tableEnded = true;
        continue;
      }
      if (!columns) {
        before.push(line);
        continue;
      }
      if (tableEnded) continue;
      const row = rowOf(line, columns, page.page);
      const item = readRow(row, draft, lines.length, (code) => codesRead.push(code));
      if (item) lines.push(item);
    }
  }

  leadingLetterMisread(lines, codesRead, draft);
  const where = `page ${pages[0]?.page ?? 1}, statement`;
  const chargesTotal = totals.find((t) => t.kind === 'charges') ?? null;
  const paid = totals.find((t) => t.kind === 'paid') ?? null;
  const totalChargeCents = chargesTotal?.cents ?? null;
  if (chargesTotal) draft.note('totalChargeCents', chargesTotal.read, 'statement total');
  if (lines.length === 0) draft.review(where, 'no line table (date, code, description, quantity, amount) was found');
  if (totalChargeCents === null) draft.review(where, 'no statement total charges line was found');
  else if (lines.length > 0) {
    const sum = sumCents(lines.map((l) => l.chargeCents));
    if (sum !== totalChargeCents) draft.review(`page ${chargesTotal!.read.page}, statement total`, `line charges add up to ${formatCents(sum)} but the total charges read ${formatCents(totalChargeCents)}`);
    if (chargesTotal!.read.engine !== 'pdf-text' && chargesTotal!.read.confidence < LOW_CONFIDENCE)
      draft.review(`page ${chargesTotal!.read.page}, statement total`, 'total charges were read with low confidence');
  }

  const header = headerFields(before, pages[0]?.words ?? []);
  const institutional = lines.some((l) => l.revenueCode !== null);
  if (!header.npi) draft.review(where, 'the provider NPI is not on the statement');
  else if (!isValidNpi(header.npi)) draft.review(where, 'the provider NPI fails its check digit');
  if (!header.zip) draft.review(where, 'the provider ZIP code is not on the statement');
  const dates = lines.map((l) => l.serviceDate).filter((d): d is string => !!d).sort();
  const providers: Provider[] = [
    {
      role: 'billing',
      name: header.providerName,
      npi: header.npi,
      tin: header.tin,
      address: header.zip ? { line1: header.street, line2: null, city: header.city, state: header.state, zip: header.zip, zipPlus4: header.zipPlus4 } : null,
      taxonomy: null,
    },
  ];
  const bill = Bill.parse({
    sourceFormat: 'itemized-statement',
    claimType: institutional ? 'institutional' : 'professional',
    claimIndex,
    claimNumber: header.account,
    providers,
    payer: null,
    patient: { memberId: null, lastName: header.patient.lastName, firstName: header.patient.firstName, accountNumber: header.account },
    statementFrom: header.from ?? dates[0] ?? null,
    statementTo: header.to ?? dates[dates.length - 1] ?? null,
    placeOfService: null,
    typeOfBill: null,
    frequencyCode: null,
    diagnoses: [],
    drg: null,
    totalChargeCents,
    amountPaidCents: paid?.cents ?? null,
    lines,
    provenance: draft.provenance,
    reviewReasons: draft.reviewReasons,
  });
  return { bill, problems: draft.problems };
}

/**
 * One column, one font: a glyph OCR misreads (a fax's S read as 5) is misread in many rows. When a code read from
 * pixels is no known code as read but is with its leading digit read as a letter (59500 as S9500), and at least one
 * other row supports that letter (read so, S5001, or needing it too), every code of the column that starts with that
 * digit and is a known code with the letter is taken with it, the ones known as read (55000) included, and sent to
 * review.
 */
function leadingLetterMisread(lines: ServiceLine[], codesRead: (string | null)[], draft: BillDraft): void {
  for (const [digit, letters] of Object.entries(LEADING_LETTERS))
    for (const letter of letters) {
      const swap = (code: string): string => letter + code.slice(1);
      // Rows only the letter makes a known code, and rows read with the letter: the column's codes start with it.
      const misread = codesRead.filter((c) => c !== null && c.startsWith(digit) && !isKnownCode(c) && isKnownCode(swap(c))).length;
      const lettered = codesRead.filter((c) => c !== null && c.startsWith(letter) && isKnownCode(c)).length;
      if (misread === 0 || misread + lettered < 2) continue;
      lines.forEach((line, i) => {
        const read = codesRead[i];
        if (!read || !read.startsWith(digit) || !isKnownCode(swap(read)) || line.code === swap(read)) return;
        draft.review(`page ${draft.provenance[`lines.${i}.code`]?.page ?? 1}, statement line ${i + 1} (code)`, `code read as ${read}; the column's other codes read a leading ${letter} as ${digit}: taken as ${swap(read)}, check it`);
        lines[i] = { ...line, code: swap(read) };
      });
      return;
    }
}

/** Letters a HCPCS Level II code starts with that OCR reads as a digit. */
const LEADING_LETTERS: Record<string, string> = { '5': 'S', '8': 'B', '0': 'D', '1': 'L', '2': 'Z', '6': 'G', '7': 'T', '4': 'A' };

function readRow(row: Row, draft: BillDraft, index: number, codeRead: (code: string | null) => void): ServiceLine | null {
  // Read from pixels, a code's leading S often comes back as a dollar sign ($5000): in the code column it is the S.
  const codeColumn = new Set(row.cells.get('code') ?? []);
  const asCode = (w: Word): Word => (codeColumn.has(w) && w.engine !== 'pdf-text' && /^\$\d{4}\b/.test(w.text) ? { ...w, text: `S${w.text.slice(1)}` } : w);
  const all = row.words.map(asCode);
  const cells = new Map([...row.cells].map(([role, words]) => [role, words.map((w) => all[row.words.indexOf(w)] ?? w)]));
  const cell = (role: Role): Word[] => cells.get(role) ?? [];
  const machine = all[0]!.engine !== 'pdf-text';
  // Read from pixels, a unit price whose point was lost (1.08 read as 108) is still the column's money.
  const dotted = (w: Word): Word => (machine && /^\d{3,}$/.test(w.text) ? { ...w, text: `${w.text.slice(0, -2)}.${w.text.slice(-2)}` } : w);
  const priceWords = cell('price').map(dotted).filter((w) => MONEY_RE.test(w.text));
  let amountWords = cell('amount').filter((w) => MONEY_RE.test(w.text));
  if (amountWords.length === 0) amountWords = all.filter((w) => MONEY_RE.test(w.text) && !priceWords.includes(w)).slice(-1);
  let qtyWords = cell('quantity').filter((w) => /^\d+(\.\d+)?$/.test(w.text));
  const recounted = machine ? recountedQuantity(qtyWords[0], priceWords[0], amountWords[amountWords.length - 1]) : null;
  if (recounted) qtyWords = [recounted.word];
  const priced = machine ? pricedAmount(qtyWords[0], priceWords[0]) : null;
  // A table row has an amount (or, read from pixels, units and a unit price that make one); lines without one
  // (wrapped descriptions, sub-headings) are not items.
  if (amountWords.length === 0 && priced === null) return null;
  let dateWords = cell('date').filter((w) => DATE_RE.test(w.text));
  const dateMisread = dateWords.length === 0 && machine ? misreadDate(cell('date')) : null;
  if (dateMisread) dateWords = [dateMisread];
  if (dateWords.length === 0) dateWords = all.filter((w) => DATE_RE.test(w.text)).slice(0, 1);
  const codeCandidates = [...cell('code'), ...all.filter((w) => !cell('code').includes(w))].filter(
    (w) => CODE_RE.test(codeHead(w.text)) || (machine && (codeColumn.has(w) || !row.roles.has('code')) && misreadCode(codeHead(w.text), codeColumn.has(w))),
  );
  const revWords = cell('revenue').filter((w) => /^\d{3,4}$/.test(w.text));
  if (dateWords.length === 0 && revWords.length === 0 && codeCandidates.length === 0) return null;

  const line: LineNotes = {
    machine,
    review: (what, message) => draft.review(`page ${row.page}, statement line ${index + 1} (${what})`, message),
    notice: (what, message) => draft.notice(`page ${row.page}, statement line ${index + 1} (${what})`, message),
    note: (field, read, label) => draft.note(`lines.${index}.${field}`, read, label),
  };

  const amountRead = amountWords.length ? read(amountWords.slice(-1)) : undefined;
  const charge = checkedAmount(amountRead, cell('amount'), priced, machine, (message) => line.review('amount', message));
  line.note('chargeCents', amountRead ?? read([...qtyWords.slice(0, 1), ...priceWords.slice(0, 1)]), 'amount');

  const serviceDate = lineDate(line, dateWords[0], dateMisread ? cell('date') : null);

  const codeWord = cell('code').find((w) => codeCandidates.includes(w)) ?? (cell('code').length === 0 ? codeCandidates[0] : undefined);
  codeRead(machine && codeWord ? codeHead(codeWord.text) : null);
  const code = lineCode(line, codeWord);

  const modifierSource = [...cell('modifier'), ...cell('code').filter((w) => w !== codeWord)].map((w) => w.text);
  if (codeWord) modifierSource.unshift(codeWord.text.toUpperCase().split(/[-:]/).slice(1).join(' '));
  const modifiers = modifierSource
    .flatMap((t) => t.toUpperCase().split(/[\s,:-]+/))
    .filter((m) => /^[A-Z0-9]{2}$/.test(m) && (!machine || isKnownModifierFor(m, code ?? '')))
    .slice(0, 4);

  const revRead = revWords.length ? read(revWords) : undefined;
  const revenueCode = revRead ? revRead.text.padStart(4, '0') : null;
  line.note('revenueCode', revRead, 'revenue code');

  return {
    lineNumber: index + 1,
    serviceDate,
    serviceDateTo: null,
    revenueCode,
    code,
    modifiers,
    chargeCents: charge ?? 0,
    nonCoveredCents: null,
    unitBasis: 'UN',
    units: lineUnits(line, qtyWords[0], recounted, row.roles.has('quantity')),
    placeOfService: null,
    diagnosisPointers: [],
    ndc: null,
    renderingNpi: null,
    existingRepricing: null,
  };
}

/** How a statement line names what a person must check, and where each value came from. */
interface LineNotes {
  /** Read from pixels (OCR, Textract), not from a PDF's text layer. */
  machine: boolean;
  review: (what: string, message: string) => void;
  notice: (what: string, message: string) => void;
  note: (field: string, read: CellRead | undefined, label: string) => void;
}

/** The line's date of service, from its date word; `misread` holds the date cell's words when they were repaired. */
function lineDate(line: LineNotes, word: Word | undefined, misread: Word[] | null): string | null {
  const dateRead = word ? read([word]) : undefined;
  const serviceDate = dateRead ? parseDateText(dateRead.text) : null;
  if (!serviceDate) line.review('date', dateRead ? 'date of service is not a real date' : 'date of service is missing');
  else if (misread) line.review('date', `date of service read as "${misread.map((w) => w.text).join(' ')}", taken as ${dateRead!.text}: check it`);
  else if (line.machine && dateRead!.confidence < LOW_CONFIDENCE) line.review('date', 'date of service was read with low confidence');
  line.note('serviceDate', dateRead, 'date');
  return serviceDate;
}

/** The line's procedure code, read from pixels repaired to the one known code a misread is near, or named. */
function lineCode(line: LineNotes, word: Word | undefined): string | null {
  if (!word) return null;
  let code = codeHead(word.text);
  if (line.machine) {
    const repaired = repairCode(code);
    if (repaired.status === 'unknown') line.review('code', `code ${code} is not a known code and cannot be corrected unambiguously`);
    else if (repaired.status === 'corrected') line.notice('code', `code read as ${code} corrected to ${repaired.value} (the only known code one character away)`);
    if (word.confidence < LOW_CONFIDENCE) line.review('code', 'code was read with low confidence');
    code = repaired.value;
  } else if (!isKnownCode(code)) line.notice('code', `code ${code} is not in the code sets on hand`);
  line.note('code', read([word]), 'code');
  return code;
}

/** The line's units: its quantity as read or recounted, else 1, named for review where a quantity was lost. */
function lineUnits(line: LineNotes, qty: Word | undefined, recounted: ReturnType<typeof recountedQuantity>, hasQuantityColumn: boolean): number {
  const units = qty ? Number(qty.text) : 1;
  if (recounted) line.review('quantity', `quantity ${recounted.shown ? `read as ${recounted.shown}` : 'could not be read'}; amount over unit price (${recounted.division}) is ${units}: taken, check it`);
  if (qty) line.note('units', read([qty]), 'quantity');
  // Read from pixels, a quantity column left empty on a line is more likely a quantity OCR lost than none printed.
  else if (line.machine && hasQuantityColumn) line.review('quantity', 'quantity could not be read; 1 assumed');
  else line.notice('quantity', 'no quantity on the line; 1 assumed');
  if (line.machine && qty && qty.confidence < LOW_CONFIDENCE) line.review('quantity', 'quantity was read with low confidence');
  return units;
}

/**
 * The quantity of a line read from pixels whose quantity lost a digit (14 read as 1 or 4, a streak down the column) or
 * was not read: the amount over the unit price, when that is a whole number whose digits are those read with one
 * lost. Null when the quantity read agrees, or nothing better can be said.
 */
function recountedQuantity(qty: Word | undefined, price: Word | undefined, amount: Word | undefined): { word: Word; shown: string | null; division: string } | null {
  const priceCents = price ? parseMoney(price.text) : null;
  const amountCents = amount ? parseMoney(amount.text) : null;
  if (!priceCents || !amountCents || amountCents % priceCents !== 0 || (qty && !/^\d+$/.test(qty.text))) return null;
  const count = String(amountCents / priceCents);
  if (qty && !oneMore(qty.text, count)) return null;
  return { word: { ...(qty ?? amount!), text: count }, shown: qty?.text ?? null, division: `${amount!.text} / ${price!.text}` };
}

/** Units times unit price, with what was read of both (for naming them); null when either is missing or no number. */
function pricedAmount(qty: Word | undefined, price: Word | undefined): { cents: number; shown: string } | null {
  const priceCents = price ? parseMoney(price.text) : null;
  if (!qty || priceCents === null) return null;
  return { cents: Math.round(Number(qty.text) * priceCents), shown: `${qty.text} x ${price!.text}` };
}

/**
 * A line's amount in cents (null when it is no money), checked, when read from pixels, against its units times its
 * unit price: a fax streak down the amount column loses a digit or the cents, which the price column, read apart,
 * still shows. What was read of the amount that is the product with a digit or the cents lost (or nothing) is taken
 * as the product, and a person checks it; any other difference is a misread of one of the three, named.
 */
function checkedAmount(
  amountRead: CellRead | undefined,
  amountCell: Word[],
  priced: { cents: number; shown: string } | null,
  machine: boolean,
  review: (message: string) => void,
): number | null {
  const charge = amountRead ? parseMoney(amountRead.text) : null;
  if (priced !== null && charge !== priced.cents) {
    const product = formatCents(priced.cents);
    const shown = amountRead?.text ?? (amountCell.length ? text(amountCell) : '');
    // The digits read, whether or not they make money ("1,400." is the product's start; "15. 2" lost its "1"; "0.50"
    // lost the 1 of 10.50, its 0 kept; "2.50" is the end of 682.50, cents and all).
    const digits = shown.replace(/\D/g, '');
    const productDigits = String(priced.cents);
    const lost =
      digits === '' || digitsClose(digits, productDigits) || productDigits.startsWith(digits) || (digits.length >= 3 && productDigits.endsWith(digits));
    if (!lost) {
      review(`amount ${shown} is not units times unit price (${priced.shown} = ${product})`);
      return charge;
    }
    review(`amount ${shown ? `read as ${shown}` : 'could not be read'}; units times unit price (${priced.shown}) is ${product}: taken, check it`);
    return priced.cents;
  }
  if (charge === null) review('amount is not money');
  else if (machine && amountRead!.confidence < LOW_CONFIDENCE) review('amount was read with low confidence');
  return charge;
}

interface StatementHeader {
  providerName: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  zipPlus4: string | null;
  npi: string | null;
  tin: string | null;
  account: string | null;
  patient: { lastName: string | null; firstName: string | null };
  from: string | null;
  to: string | null;
}

/** Provider, identifiers and period from the text above the table ("NPI: ...", "Account #: ...", an address). */
function headerFields(lines: Word[][], allWords: Word[]): StatementHeader {
  const texts = lines.map((l) => text(l));
  const all = texts.join('\n');
  const allPage = text(allWords);
  const value = (re: RegExp): string | null => re.exec(all)?.[1]?.trim() ?? re.exec(allPage)?.[1]?.trim() ?? null;
  const npi = value(/\bNPI\b[\s:#.]*(\d{10})\b/i);
  const tinText = value(/\b(?:TAX\s*ID|TIN|EIN|FEDERAL\s*TAX\s*(?:ID|NO\.?))\b[\s:#.]*(\d{2}-?\d{7})\b/i);
  const account = value(/\b(?:ACCOUNT|ACCT|PATIENT\s*ACCOUNT|GUARANTOR\s*ACCOUNT)\s*(?:NO\.?|NUMBER|#)?[\s:#.]*([A-Z0-9-]{4,})/i);
  const patientName = value(/\bPATIENT(?:\s*NAME)?\s*:\s*([A-Z][A-Za-z ,.'-]+?)(?:\s{2,}|\n|$|\s+(?:ACCOUNT|ACCT|DOB|MRN))/i);
  const period = /\b(?:STATEMENT\s*PERIOD|SERVICE\s*DATES?|DATES?\s*OF\s*SERVICE|ADMIT(?:TED)?|FROM)\b[\s:]*(\d{1,2}[/-]\d{1,2}[/-]\d{2,4})\s*(?:-|TO|THROUGH|–)\s*(\d{1,2}[/-]\d{1,2}[/-]\d{2,4})/i.exec(all);
  // The provider is the first address block: a name, a street and a "City, ST 12345" cell stacked in one column
  // (header lines often hold two blocks side by side, so cells are compared, not whole lines).
  const cells = lines.flatMap((line) => cellsOf(line).map((c) => ({ text: text(c), box: unionBox(c.map((w) => w.bbox)) })));
  const cityCell = cells.find((c) => /^[A-Za-z .'-]+,?\s+[A-Z]{2}\s+\d{5}(-?\d{4})?$/.test(c.text.trim()));
  const above = (cell: { box: { left: number; top: number; width: number } } | undefined) =>
    cell
      ? cells
          .filter((c) => c.box.top < cell.box.top - 0.002 && c.box.left < cell.box.left + cell.box.width && c.box.left + c.box.width > cell.box.left)
          .filter((c) => Math.abs(c.box.left - cell.box.left) < 0.02 || Math.abs(c.box.left + c.box.width - (cell.box.left + cell.box.width)) < 0.02)
          .sort((a, b) => b.box.top - a.box.top)[0]
      : undefined;
  const streetCell = above(cityCell);
  const nameCell = above(streetCell);
  const cityLine = cityCell?.text ?? null;
  const street = streetCell?.text ?? null;
  const providerName = nameCell?.text ?? null;
  const place = cityLine ? parseCityStateZip(cityLine) : { city: null, state: null, zip: null, zipPlus4: null };
  return {
    providerName,
    street,
    ...place,
    npi,
    tin: tinText ? normalizeTaxId(tinText) : null,
    account,
    patient: patientName ? parsePersonName(patientName) : { lastName: null, firstName: null },
    from: period ? parseDateText(period[1]!) : null,
    to: period ? parseDateText(period[2]!) : null,
  };
}
