// Maps Amazon Textract AnalyzeExpense results (plain data; no SDK here) onto a Bill, living with its quirks: money
// such as "$-1,136.16" or "659.00 Y", totals typed OTHER and named only by their label, confidences of 12-40, items
// present only as EXPENSE_ROW text, documents with no summary fields, detections without geometry.
import { Bill, type ServiceLine } from '../../../model/bill.ts';
import { formatCents, sumCents } from '../../../model/money.ts';
import type { Provenance } from '../../../model/provenance.ts';
import type { ExtractionProblem } from '../../extraction-result.ts';
import { BillDraft, LOW_CONFIDENCE } from '../bill-draft.ts';
import type { CellRead } from '../cells.ts';
import { isKnownCode, isKnownModifier } from '../code-set.ts';
import { isValidNpi, normalizeTaxId, parseDateText, parseMoney } from '../field-checks.ts';

/** The parts of Textract's ExpenseDocument this mapping reads (structurally the SDK's type). */
export interface ExpenseDetectionLike {
  Text?: string;
  Confidence?: number;
  Geometry?: { BoundingBox?: { Left?: number; Top?: number; Width?: number; Height?: number } };
}
export interface ExpenseFieldLike {
  Type?: { Text?: string; Confidence?: number };
  LabelDetection?: ExpenseDetectionLike;
  ValueDetection?: ExpenseDetectionLike;
  PageNumber?: number;
}
export interface ExpenseDocumentLike {
  ExpenseIndex?: number;
  SummaryFields?: ExpenseFieldLike[];
  LineItemGroups?: { LineItems?: { LineItemExpenseFields?: ExpenseFieldLike[] }[] }[];
}

const text = (f: ExpenseFieldLike | undefined): string => (f?.ValueDetection?.Text ?? '').trim();
const label = (f: ExpenseFieldLike | undefined): string => (f?.LabelDetection?.Text ?? '').trim();
const type = (f: ExpenseFieldLike | undefined): string => f?.Type?.Text ?? '';
const confidence = (f: ExpenseFieldLike | undefined): number => Math.max(0, Math.min(1, (f?.ValueDetection?.Confidence ?? 0) / 100));

function read(f: ExpenseFieldLike): CellRead {
  const b = f.ValueDetection?.Geometry?.BoundingBox;
  return {
    text: text(f),
    confidence: confidence(f),
    bbox: b && b.Left !== undefined && b.Top !== undefined ? { left: b.Left, top: b.Top, width: b.Width ?? 0, height: b.Height ?? 0 } : (undefined as unknown as CellRead['bbox']),
    engine: 'textract',
    page: f.PageNumber ?? 1,
  };
}

function note(draft: BillDraft, path: string, f: ExpenseFieldLike | undefined, box: string): void {
  if (!f) return;
  const r = read(f);
  const provenance: Provenance = { engine: 'textract', page: r.page, box, confidence: r.confidence };
  if (r.bbox) provenance.bbox = r.bbox;
  draft.provenance[path] = provenance;
}

const MONEY_IN_TEXT = /\$?-?\$?\d{1,3}(?:,\d{3})*\.\d{2}|\$?-?\$?\d+\.\d{2}/g;
const DATE_IN_TEXT = /\b(\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))\b/;
const CODE_IN_TEXT = /\b([A-Z]\d{4}|\d{4}[A-Z0-9])\b/g;

/** "March 12, 2019", "12 March 2020", "01/05/17" -> ISO. */
function dateOf(value: string): string | null {
  const direct = DATE_IN_TEXT.exec(value);
  if (direct) return parseDateText(direct[1]!);
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  const m1 = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(value);
  const m2 = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(value);
  const [mon, day, year] = m1 ? [m1[1]!, m1[2]!, m1[3]!] : m2 ? [m2[2]!, m2[1]!, m2[3]!] : [null, null, null];
  if (!mon) return null;
  const month = months.indexOf(mon.toLowerCase()) + 1;
  return month > 0 ? parseDateText(`${month}/${day}/${year}`) : null;
}

/** Which summary field is the statement's total charges: by label first, since Textract often types it OTHER. */
function totalCharges(fields: ExpenseFieldLike[]): ExpenseFieldLike | undefined {
  const money = fields.filter((f) => parseMoney(text(f)) !== null && text(f) !== '$');
  const byLabel = (re: RegExp): ExpenseFieldLike | undefined =>
    money.filter((f) => re.test(label(f))).sort((a, b) => confidence(b) - confidence(a))[0];
  return (
    byLabel(/^(total\s*)?charges?$|total\s*(charges?|billed)|statement\s*total|grand\s*total/i) ??
    byLabel(/^total:?$/i) ??
    money.filter((f) => type(f) === 'TOTAL' && !/paid|due|balance|owe|fee/i.test(label(f))).sort((a, b) => confidence(b) - confidence(a))[0]
  );
}

export function billFromExpense(documents: ExpenseDocumentLike[], claimIndex: number): { bill: Bill; problems: ExtractionProblem[] } {
  const draft = new BillDraft(claimIndex);
  const summary = documents.flatMap((d) => d.SummaryFields ?? []);
  const visitDate = summary.map((f) => (/date of (visit|service)|service dates?|dos/i.test(label(f)) ? dateOf(text(f)) : null)).find((d) => d) ?? null;

  const lines: ServiceLine[] = [];
  for (const doc of documents)
    for (const group of doc.LineItemGroups ?? [])
      for (const item of group.LineItems ?? []) {
        const fields = item.LineItemExpenseFields ?? [];
        const row = fields.find((f) => type(f) === 'EXPENSE_ROW');
        const rowText = text(row);
        const index = lines.length;
        const where = `page ${row?.PageNumber ?? fields[0]?.PageNumber ?? 1}, expense line ${index + 1}`;
        const path = (p: string): string => `lines.${index}.${p}`;

        // The line amount: PRICE, else a TOTAL-typed "Total"/"Fee" cell, else the row's last amount.
        const price =
          fields.find((f) => type(f) === 'PRICE' && parseMoney(text(f)) !== null) ??
          fields.filter((f) => type(f) === 'TOTAL' && parseMoney(text(f)) !== null).sort((a, b) => (/^total$/i.test(label(b)) ? 1 : 0) - (/^total$/i.test(label(a)) ? 1 : 0))[0];
        const rowAmounts = rowText.match(MONEY_IN_TEXT) ?? [];
        const amount = price ? parseMoney(text(price)) : rowAmounts.length ? parseMoney(rowAmounts[rowAmounts.length - 1]!) : null;
        if (amount === null) continue; // a row without an amount is not a charge (a heading, a note)
        const amountConfidence = price ? confidence(price) : confidence(row);
        if (amountConfidence < LOW_CONFIDENCE) draft.review(where, 'amount was read with low confidence');
        note(draft, path('chargeCents'), price ?? row, 'expense PRICE');

        const codeField = fields.find((f) => (type(f) === 'PRODUCT_CODE' || /code|cpt|hcpcs|proc/i.test(label(f))) && /^[A-Z0-9]{5}$/i.test(text(f)));
        let code = codeField ? text(codeField).toUpperCase() : null;
        if (!code) code = [...rowText.toUpperCase().matchAll(CODE_IN_TEXT)].map((m) => m[1]!).find(isKnownCode) ?? null;
        if (code && !isKnownCode(code)) draft.review(where, `code ${code} is not a known code`);
        if (code && codeField && confidence(codeField) < LOW_CONFIDENCE) draft.review(where, 'code was read with low confidence');
        note(draft, path('code'), codeField ?? (code ? row : undefined), 'expense code');

        const modifierField = fields.find((f) => /modifier/i.test(label(f)));
        const modifiers = text(modifierField).toUpperCase().split(/[\s,:-]+/).filter((m) => /^[A-Z0-9]{2}$/.test(m) && isKnownModifier(m)).slice(0, 4);

        const qty = fields.find((f) => type(f) === 'QUANTITY' && /^\d+(\.\d+)?$/.test(text(f)));
        const units = qty ? Number(text(qty)) : 1;
        note(draft, path('units'), qty, 'expense QUANTITY');

        const revenue = /\brev/i.test(fields.map(label).join(' ')) ? (/\b(0\d{3})\b/.exec(rowText)?.[1] ?? null) : null;
        const serviceDate = dateOf(rowText) ?? visitDate;
        if (!serviceDate) draft.review(where, 'no date of service on the line or the statement');

        lines.push({
          lineNumber: index + 1,
          serviceDate,
          serviceDateTo: null,
          revenueCode: revenue,
          code,
          modifiers,
          chargeCents: amount,
          nonCoveredCents: null,
          unitBasis: 'UN',
          units,
          placeOfService: null,
          diagnosisPointers: [],
          ndc: null,
          renderingNpi: null,
          existingRepricing: null,
        });
      }

  const total = totalCharges(summary);
  const totalCents = total ? parseMoney(text(total)) : null;
  note(draft, 'totalChargeCents', total, 'expense total');
  if (lines.length === 0) draft.review('expense', 'no line items were found');
  if (totalCents === null) draft.review('expense summary', 'no total charges were found (only amounts due or none at all)');
  else {
    if (confidence(total) < LOW_CONFIDENCE) draft.review('expense summary', 'total charges were read with low confidence');
    const sum = sumCents(lines.map((l) => l.chargeCents));
    if (lines.length > 0 && sum !== totalCents)
      draft.review('expense summary', `line charges add up to ${formatCents(sum)} but the total charges read ${formatCents(totalCents)}`);
  }
  const paid = summary.find((f) => /paid|payments?/i.test(label(f)) && !/show/i.test(label(f)) && parseMoney(text(f)) !== null);

  const allText = summary.map((f) => `${label(f)} ${text(f)}`).join('\n');
  const npi = /\bNPI\b\s*#?:?\s*(\d{10})\b/i.exec(allText)?.[1] ?? null;
  const tinText = /\b(?:TIN|EIN|TAX\s*ID|TAX_PAYER_ID)\b\s*#?:?\s*(\d{2}-?\d{7})\b/i.exec(allText)?.[1] ?? summary.find((f) => type(f) === 'TAX_PAYER_ID')?.ValueDetection?.Text ?? null;
  if (!npi) draft.review('expense summary', 'the provider NPI is not on the statement');
  else if (!isValidNpi(npi)) draft.review('expense summary', 'the provider NPI fails its check digit');
  const vendor = summary.find((f) => type(f) === 'VENDOR_NAME');
  const zipField = summary.find((f) => type(f) === 'ZIP_CODE');
  const zip = /^\d{5}/.exec(text(zipField))?.[0] ?? /\b(\d{5})(?:-\d{4})?\s*$/m.exec(text(summary.find((f) => type(f) === 'VENDOR_ADDRESS')))?.[1] ?? null;
  if (!zip) draft.review('expense summary', 'the provider ZIP code is not on the statement');
  const account = text(summary.find((f) => /account/i.test(label(f)) && /\d/.test(text(f)))) || text(summary.find((f) => type(f) === 'INVOICE_RECEIPT_ID')) || null;
  const dates = lines.map((l) => l.serviceDate).filter((d): d is string => !!d).sort();

  const bill = Bill.parse({
    sourceFormat: 'textract-expense',
    claimType: lines.some((l) => l.revenueCode) ? 'institutional' : 'professional',
    claimIndex,
    claimNumber: account,
    providers: [{ role: 'billing', name: text(vendor) || null, npi, tin: tinText ? normalizeTaxId(tinText) : null, address: zip ? { line1: null, line2: null, city: null, state: null, zip, zipPlus4: null } : null, taxonomy: null }],
    payer: null,
    patient: { memberId: null, lastName: null, firstName: null, accountNumber: account },
    statementFrom: dates[0] ?? null,
    statementTo: dates[dates.length - 1] ?? null,
    placeOfService: null,
    typeOfBill: null,
    frequencyCode: null,
    diagnoses: [],
    drg: null,
    totalChargeCents: totalCents,
    amountPaidCents: paid ? Math.abs(parseMoney(text(paid)) ?? 0) : null,
    lines,
    provenance: draft.provenance,
    reviewReasons: draft.reviewReasons,
  });
  return { bill, problems: draft.problems };
}
