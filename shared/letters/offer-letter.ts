// The offer letter PDF a provider's billing office receives: who offers what for which claim, line by line,
// how it was computed, on which terms, and a block to sign and return.
import { formatCents } from '../model/money.ts';
import {
  BODY_BOTTOM,
  COLORS,
  CONTENT_WIDTH,
  LetterCanvas,
  MARGIN_LEFT,
  PAGE_WIDTH,
  MARGIN_RIGHT,
} from './letter-canvas.ts';
import { dateRange, longDate, shortDate } from './letter-dates.ts';
import {
  OfferLetterInput,
  parseLetterInput,
  type OfferLetter,
  type OfferLine,
} from './offer-letter-input.ts';
import { formatPercent, offerTotals, type OfferTotals } from './offer-totals.ts';
import { printable } from './plain-text.ts';
import { drawIdentifierGrid, drawSignatureLines, notStated } from './letter-blocks.ts';

export type { OfferLetterInput } from './offer-letter-input.ts';

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: (line: OfferLine, footnote: number | null) => string;
}

const DASH = '—';

function codeCell(line: OfferLine): string {
  const code = line.code ? printable(line.code, 12) : null;
  const mods = line.modifiers.map((m) => printable(m, 4)).filter(Boolean);
  const withMods = code ? [code, ...mods].join('-') : null;
  const rev = line.revenueCode ? printable(line.revenueCode, 6) : null;
  if (withMods && rev) return `${rev} / ${withMods}`;
  return withMods ?? (rev ? `Rev. ${rev}` : DASH);
}

function unitsCell(line: OfferLine): string {
  const n = Number.isInteger(line.units) ? String(line.units) : line.units.toFixed(2).replace(/0$/, '');
  return line.unitBasis === 'MJ' ? `${n} min` : n;
}

const COLUMNS: Column[] = [
  { title: 'Line', width: 26, align: 'left', cell: (l) => String(l.lineNumber) },
  { title: 'Date', width: 54, align: 'left', cell: (l) => (l.serviceDate ? shortDate(l.serviceDate) : DASH) },
  { title: 'Code / mod.', width: 76, align: 'left', cell: codeCell },
  { title: 'Units', width: 36, align: 'right', cell: unitsCell },
  { title: 'Billed', width: 66, align: 'right', cell: (l) => formatCents(l.chargeCents) },
  { title: 'Benchmark', width: 66, align: 'right', cell: (l) => (l.benchmarkCents === null ? DASH : formatCents(l.benchmarkCents)) },
  { title: 'Offer', width: 66, align: 'right', cell: (l) => (l.offerCents === null ? DASH : formatCents(l.offerCents)) },
  {
    title: 'Basis',
    width: CONTENT_WIDTH - (26 + 54 + 76 + 36 + 66 * 3),
    align: 'left',
    cell: (l, note) => (note !== null ? `No benchmark [${note}]` : printable(l.basis, 40) || DASH),
  },
];

const ROW_HEIGHT = 14;
const HEADER_HEIGHT = 16;
const TABLE_FONT_SIZE = 7.8;
const CELL_PAD = 4;

function drawHeaderRow(c: LetterCanvas): void {
  c.box(MARGIN_LEFT, c.y, CONTENT_WIDTH, HEADER_HEIGHT, COLORS.accent);
  let x = MARGIN_LEFT;
  for (const col of COLUMNS) {
    c.label(col.title, x + CELL_PAD, c.y + 4.5, {
      font: 'bold',
      size: TABLE_FONT_SIZE,
      color: COLORS.headerText,
      width: col.width - 2 * CELL_PAD,
      align: col.align,
    });
    x += col.width;
  }
  c.y += HEADER_HEIGHT;
}

function drawRow(c: LetterCanvas, cells: string[], index: number, style: { bold?: boolean; fill?: string } = {}): void {
  const fill = style.fill ?? (index % 2 === 1 ? COLORS.shade : null);
  if (fill) c.box(MARGIN_LEFT, c.y, CONTENT_WIDTH, ROW_HEIGHT, fill);
  let x = MARGIN_LEFT;
  COLUMNS.forEach((col, i) => {
    c.label(cells[i] ?? '', x + CELL_PAD, c.y + 3.8, {
      font: style.bold ? 'bold' : 'regular',
      size: TABLE_FONT_SIZE,
      width: col.width - 2 * CELL_PAD,
      align: col.align,
    });
    x += col.width;
  });
  c.y += ROW_HEIGHT;
}

/** The line table; a page break repeats the header row under a "continued" caption. */
function drawLineTable(c: LetterCanvas, letter: OfferLetter, totals: OfferTotals, footnotes: Map<number, number>): void {
  const previousHook = c.onNewPage;
  c.onNewPage = () => {
    previousHook?.();
    c.label('Services and offer by line (continued)', MARGIN_LEFT, c.y, { font: 'italic', size: 8, color: COLORS.muted, width: CONTENT_WIDTH });
    c.y += 13;
    drawHeaderRow(c);
  };
  c.ensureSpace(HEADER_HEIGHT + ROW_HEIGHT * 3);
  drawHeaderRow(c);
  // The last rows travel with the total row and the summary, so neither starts a page on its own.
  const tail = Math.max(0, letter.lines.length - 3);
  const tailHeight = (from: number) => (letter.lines.length - from + 1) * ROW_HEIGHT + 10 + summaryHeight(totals) + 6;
  letter.lines.forEach((line, i) => {
    c.ensureSpace(i === tail ? tailHeight(i) : ROW_HEIGHT);
    drawRow(c, COLUMNS.map((col) => col.cell(line, footnotes.get(line.lineNumber) ?? null)), i);
  });
  // The total row travels with the summary box under it.
  c.ensureSpace(ROW_HEIGHT + 10 + summaryHeight(totals));
  c.rule(c.y, COLORS.accent, 1);
  drawRow(
    c,
    ['', 'Total', `${letter.lines.length} line${letter.lines.length === 1 ? '' : 's'}`, '', formatCents(totals.billedCents), formatCents(totals.benchmarkCents), formatCents(totals.offerCents), ''],
    0,
    { bold: true, fill: '#e3e9f0' },
  );
  c.onNewPage = previousHook;
  c.y += 8;
}

function summaryRows(totals: OfferTotals): [string, string][] {
  const rows: [string, string][] = [['Total billed charges', formatCents(totals.billedCents)]];
  if (totals.unofferedLines > 0) rows.push(['Billed for the lines offered', formatCents(totals.offeredBilledCents)]);
  rows.push(['Total offer', formatCents(totals.offerCents)]);
  if (totals.savingsPercent !== null) {
    rows.push(['Savings', `${formatCents(totals.savingsCents)} (${formatPercent(totals.savingsPercent)})`]);
  }
  return rows;
}

function summaryHeight(totals: OfferTotals): number {
  return summaryRows(totals).length * 14 + 10;
}

/** Billed, offered and saved, right-aligned under the table; savings are measured on the lines that carry an offer. */
function drawSummary(c: LetterCanvas, totals: OfferTotals): void {
  const rows = summaryRows(totals);
  const height = summaryHeight(totals);
  c.ensureSpace(height + 6);
  const width = 280;
  const x = PAGE_WIDTH - MARGIN_RIGHT - width;
  c.box(x, c.y, width, height, COLORS.shade, COLORS.rule);
  let y = c.y + 6;
  for (const [label, value] of rows) {
    c.label(label, x + 8, y, { font: 'bold', size: 8.5, width: 140 });
    c.label(value, x + 150, y, { size: 8.5, font: label === 'Total offer' ? 'bold' : 'regular', width: width - 158, align: 'right' });
    y += 14;
  }
  c.y += height + 10;
}

function openingParagraph(letter: OfferLetter, totals: OfferTotals): string {
  const payer = printable(letter.parties.payerName, 120);
  const org = printable(letter.letterhead.organizationName, 120);
  const offer = formatCents(totals.offerCents);
  const scope =
    totals.unofferedLines > 0
      ? `the ${letter.lines.length - totals.unofferedLines} services listed below with an offer amount`
      : 'the services listed below';
  if (letter.version > 1) {
    const r = letter.revision;
    const counter =
      r?.counterOfferCents != null
        ? `Thank you for your counteroffer of ${formatCents(r.counterOfferCents)}${r.counterReceivedOn ? `, received on ${longDate(r.counterReceivedOn)}` : ''}. `
        : '';
    const previous =
      r?.previousOfferCents != null
        ? ` our earlier offer of ${formatCents(r.previousOfferCents)}${r.previousLetterDate ? ` dated ${longDate(r.previousLetterDate)}` : ''}`
        : ' our earlier offer';
    return `${counter}On behalf of ${payer}, ${org} has reviewed the claim again and revises${previous}. We now offer ${offer} as payment in full for ${scope}, billed at ${formatCents(totals.offeredBilledCents)}. This revised offer (version ${letter.version}) replaces all earlier versions.`;
  }
  return `${payer} has asked ${org} to review the out-of-network claim identified above. We priced each service line against published Medicare benchmarks and offer ${offer} as payment in full for ${scope}, billed at ${formatCents(totals.offeredBilledCents)}, on the terms set out in this letter.`;
}

function termsOf(letter: OfferLetter, totals: OfferTotals): string[] {
  const payer = printable(letter.parties.payerName, 120);
  const provider = printable(letter.parties.providerName, 120);
  const terms = [
    `Payment in full. On acceptance, ${payer} will pay ${formatCents(totals.offerCents)} as payment in full for the services listed with an offer amount in this letter.`,
    `No balance billing. ${provider} will not bill the patient for any amount for these services beyond the patient's cost share (deductible, copayment or coinsurance) shown on the plan's explanation of benefits.`,
    `Payment timing. Payment will be issued within ${letter.terms.paymentDays} calendar days of our receipt of the signed acceptance.`,
    `Expiry. This offer expires on ${longDate(letter.terms.expiresOn)}. An acceptance received after that date binds neither party unless we confirm it in writing.`,
  ];
  if (totals.unofferedLines > 0) {
    terms.push(
      `Lines without an offer. ${totals.unofferedLines} line${totals.unofferedLines === 1 ? '' : 's'} billed at ${formatCents(totals.unofferedBilledCents)} ${totals.unofferedLines === 1 ? 'has' : 'have'} no Medicare benchmark and ${totals.unofferedLines === 1 ? 'is' : 'are'} not part of this offer; we will address ${totals.unofferedLines === 1 ? 'it' : 'them'} separately.`,
    );
  }
  terms.push('Confidentiality. The amounts in this offer are confidential between the parties and made for this claim only.');
  return terms;
}

function drawNumbered(c: LetterCanvas, items: string[]): void {
  items.forEach((item, i) => {
    const height = c.heightOf(item, { size: 9.5, width: CONTENT_WIDTH - 18 });
    c.ensureSpace(height);
    c.label(`${i + 1}.`, MARGIN_LEFT, c.y, { font: 'bold', size: 9.5, width: 16 });
    c.text(item, { size: 9.5, x: MARGIN_LEFT + 18, width: CONTENT_WIDTH - 18, after: 4 });
  });
}

function drawAcceptance(c: LetterCanvas, letter: OfferLetter, totals: OfferTotals): void {
  const provider = printable(letter.parties.providerName, 120);
  const statement = `On behalf of ${provider} (TIN ${notStated(letter.parties.providerTin)}, NPI ${notStated(letter.parties.providerNpi)}), I accept the offer of ${formatCents(totals.offerCents)} for claim ${notStated(letter.claim.claimNumber)} (reference ${printable(letter.referenceNumber, 60)}, version ${letter.version}) as payment in full on the terms of this letter, and I confirm that I am authorized to accept it.`;
  const statementHeight = c.heightOf(statement, { size: 9, width: CONTENT_WIDTH - 24 });
  const height = 26 + statementHeight + 14 + 2 * 34 + 6;
  c.ensureSpace(height + 10);
  c.y += 6;
  const top = c.y;
  c.box(MARGIN_LEFT, top, CONTENT_WIDTH, height, null, COLORS.accent);
  c.box(MARGIN_LEFT, top, CONTENT_WIDTH, 20, COLORS.accent);
  c.label(`ACCEPTANCE OF OFFER (return by ${longDate(letter.terms.expiresOn)})`, MARGIN_LEFT + 12, top + 6, {
    font: 'bold',
    size: 9,
    color: COLORS.headerText,
    width: CONTENT_WIDTH - 24,
  });
  c.y = top + 28;
  c.text(statement, { size: 9, x: MARGIN_LEFT + 12, width: CONTENT_WIDTH - 24, after: 14 });
  drawSignatureLines(c, MARGIN_LEFT + 12, CONTENT_WIDTH - 24, [
    ['Name', 'Title'],
    ['Signature', 'Date'],
  ]);
  c.y = top + height + 8;
}

/** Renders the offer letter. Throws InvalidLetterInput (naming the fields, not their values) when the input is invalid. */
export async function renderOfferLetter(input: OfferLetterInput): Promise<Uint8Array> {
  const letter = parseLetterInput(OfferLetterInput, 'offer letter', input);
  const totals = offerTotals(letter.lines);
  const ref = printable(letter.referenceNumber, 60);
  const org = printable(letter.letterhead.organizationName, 80);
  const title = letter.version > 1 ? `Revised offer, version ${letter.version}` : 'Offer of payment';
  const c = new LetterCanvas({
    title: `${title}: reference ${ref}`,
    subject: 'Offer of payment for an out-of-network claim',
    author: org,
    date: letter.letterDate,
  });
  c.onNewPage = () => {
    c.label(`${org}  |  Reference ${ref}${letter.version > 1 ? `  |  Revised offer, version ${letter.version}` : ''}`, MARGIN_LEFT, c.y, {
      size: 8,
      color: COLORS.muted,
      width: CONTENT_WIDTH,
    });
    c.y += 12;
    c.rule(c.y, COLORS.rule, 0.5);
    c.y += 12;
  };

  c.letterhead(letter.letterhead);

  // Date and recipient.
  c.text(longDate(letter.letterDate), { size: 10, after: 12 });
  const recipient = [
    printable(letter.parties.providerName, 100),
    'Attn: Patient Accounts / Billing Office',
    ...letter.parties.providerAddressLines.map((l) => printable(l, 100)),
  ];
  recipient.forEach((line, i) => c.text(line, { size: 10, font: i === 0 ? 'bold' : 'regular' }));
  c.y += 14;

  // Subject line.
  c.text(`RE: ${title}${letter.version > 1 ? ',' : ''} for out-of-network claim ${notStated(letter.claim.claimNumber)}`, { font: 'bold', size: 11, color: COLORS.accent, after: letter.version > 1 ? 2 : 8 });
  if (letter.version > 1) {
    c.text(`Revised offer, version ${letter.version}: replaces all earlier versions of this offer.`, { font: 'italic', size: 9, color: COLORS.muted, after: 8 });
  }

  drawIdentifierGrid(c, [
    { width: 282, labelWidth: 70, rows: [
      ['Reference no.', ref],
      ['Plan / TPA', printable(letter.parties.payerName, 80)],
      ['Provider', printable(letter.parties.providerName, 80)],
      ['Provider TIN', notStated(letter.parties.providerTin)],
      ['Provider NPI', notStated(letter.parties.providerNpi)],
    ] },
    { width: CONTENT_WIDTH - 282, labelWidth: 96, rows: [
      ['Claim no.', notStated(letter.claim.claimNumber)],
      ['Patient account no.', notStated(letter.claim.patientAccountNumber)],
      ['Member ID', notStated(letter.claim.memberId)],
      ['Dates of service', dateRange(letter.claim.serviceFrom, letter.claim.serviceTo)],
      ['Offer expires', longDate(letter.terms.expiresOn)],
    ] },
  ]);

  c.text('Dear Billing Manager:', { size: 10, after: 8 });
  c.text(openingParagraph(letter, totals), { size: 10, after: 8, align: 'justify' });

  if (letter.nsa) {
    const n = letter.nsa;
    c.text(
      `No Surprises Act. This claim is subject to the federal No Surprises Act. Open negotiation began on ${longDate(n.openNegotiationStart)} and ends on ${longDate(n.openNegotiationEnds)} (30 business days). If we have not agreed by then, either party may initiate federal independent dispute resolution (IDR) no later than ${longDate(n.idrInitiationDeadline)} (4 business days after open negotiation ends).`,
      { size: 9.5, after: 8, align: 'justify' },
    );
  }

  // Lines without a benchmark get a numbered footnote that says why; lines with the same reason share one.
  const footnotes = new Map<number, number>();
  const reasons = new Map<string, { n: number; lines: OfferLine[] }>();
  for (const line of letter.lines) {
    if (line.benchmarkCents !== null) continue;
    const why = printable(line.noBenchmarkReason, 300) || 'No Medicare benchmark applies to this service.';
    const note = reasons.get(why) ?? { n: reasons.size + 1, lines: [] };
    note.lines.push(line);
    reasons.set(why, note);
    footnotes.set(line.lineNumber, note.n);
  }

  c.heading('Services and offer by line', HEADER_HEIGHT + ROW_HEIGHT * 3);
  drawLineTable(c, letter, totals, footnotes);
  drawSummary(c, totals);

  for (const [why, { n, lines }] of reasons) {
    const codes = [...new Set(lines.map(codeCell))];
    const which =
      lines.length === 1
        ? `Line ${lines[0]!.lineNumber} (${codes[0]})`
        : codes.length <= 3
          ? `Lines ${lines.map((l) => l.lineNumber).join(', ')} (${codes.join(', ')})`
          : `Lines ${lines.map((l) => `${l.lineNumber} (${codeCell(l)})`).join(', ')}`;
    c.text(`[${n}] ${which}: ${why}`, { size: 8, color: COLORS.muted, after: 2 });
  }
  if (reasons.size > 0) c.y += 6;

  c.heading('How this offer was calculated', 50);
  c.text(printable(letter.methodSummary, 600), { size: 9.5, after: 5, align: 'justify' });
  c.text(
    'Benchmark is the amount Medicare would allow for the line under the schedule named in the Basis column, for the data year and Medicare locality (carrier-locality) shown; F = facility rate, NF = non-facility rate. A line with no benchmark carries no offer. Each amount can be traced to the published CMS tables for that year.',
    { size: 8.5, color: COLORS.muted, after: 6, align: 'justify' },
  );

  c.heading('Terms of this offer', 60);
  drawNumbered(c, termsOf(letter, totals));

  const negotiator = letter.parties.negotiator;
  const returnTo = letter.terms.returnTo ?? negotiator.email ?? letter.letterhead.email;
  c.y += 4;
  c.text(
    `To accept, sign the acceptance below and return it${returnTo ? ` to ${printable(returnTo, 100)}` : ''} quoting reference ${ref}. To discuss this offer, contact ${printable(negotiator.name, 80)}${negotiator.phone ? ` at ${printable(negotiator.phone, 40)}` : ''}.`,
    { size: 9.5, after: 12 },
  );

  // Closing, kept together.
  const closing = [
    printable(negotiator.name, 80),
    negotiator.title ? printable(negotiator.title, 80) : null,
    org,
    negotiator.email ? printable(negotiator.email, 80) : null,
  ].filter((v): v is string => v !== null);
  c.ensureSpace(16 + closing.length * 13);
  c.text('Sincerely,', { size: 10, after: 14 });
  closing.forEach((line, i) => c.text(line, { size: 10, font: i === 0 ? 'bold' : 'regular' }));

  drawAcceptance(c, letter, totals);

  if (c.y > BODY_BOTTOM) throw new Error('layout overflow'); // guarded by ensureSpace; kept as an invariant
  return c.finish(`${org}  |  Reference ${ref}  |  Offer version ${letter.version}  |  Confidential: contains claim information`);
}
