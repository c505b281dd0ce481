import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AnalyzeDocumentCommand,
  AnalyzeExpenseCommand,
  GetDocumentAnalysisCommand,
  GetExpenseAnalysisCommand,
  StartDocumentAnalysisCommand,
  StartExpenseAnalysisCommand,
  TextractClient,
  type AnalyzeExpenseCommandOutput,
  type Block,
} from '@aws-sdk/client-textract';
import { createTextractReader, readWithTextract, requestToken, TEXTRACT_PAGE_SIZE } from '#shared/extract/documents/read-with-textract.textract.ts';
import { billFromExpense } from '#shared/extract/documents/textract/expense.ts';
import { openPdf, pageWords } from '#shared/extract/documents/pdf.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { fixture, fixtureBytes, truth } from './support.ts';

const recorded = <T>(name: string): T => JSON.parse(readFileSync(fixture(`textract/${name}`), 'utf8')) as T;
const textract = mockClient(TextractClient);
const reader = () => createTextractReader({ client: new TextractClient({ region: 'us-east-1' }), pollIntervalMs: 0 });
const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

beforeEach(() => textract.reset());

describe('Textract AnalyzeExpense mapped onto a Bill', () => {
  it('reads a hospital statement: department rows, total charges (not the amount due after "$-1,136.16" adjustments)', () => {
    const { ExpenseDocuments } = recorded<AnalyzeExpenseCommandOutput>('test_trp2_expense_sample4.json');
    const { bill } = billFromExpense(ExpenseDocuments!, 0);
    expect(bill.sourceFormat).toBe('textract-expense');
    expect(bill.lines.map((l) => [l.units, l.chargeCents])).toEqual([
      [3, 26450],
      [2, 8750],
      [12, 131600],
      [1, 170000],
      [4, 214700],
      [2, 16581],
    ]);
    expect(bill.totalChargeCents).toBe(568081);
    expect(bill.claimNumber).toBe('0011223334455');
    // Every line carries its date of service from the statement's "Service Dates".
    expect(new Set(bill.lines.map((l) => l.serviceDate))).toEqual(new Set(['2017-01-05']));
    expect(bill.provenance['lines.0.chargeCents']).toMatchObject({ engine: 'textract', page: 1, confidence: expect.closeTo(0.96, 1) });
    // No NPI or ZIP on this statement: a person must add them before pricing.
    expect(bill.reviewReasons).toEqual(expect.arrayContaining([expect.stringMatching(/NPI is not on the statement/), expect.stringMatching(/ZIP/)]));
    expect(bill.reviewReasons.some((r) => /add up/.test(r))).toBe(false);
  });

  it('finds a CPT code typed OTHER with the label "Billing Code", and the NPI and TIN inside the vendor address', () => {
    const { ExpenseDocuments } = recorded<AnalyzeExpenseCommandOutput>('test_trp2_expense_sample3.json');
    const { bill } = billFromExpense(ExpenseDocuments!, 0);
    expect(bill.lines).toHaveLength(1);
    expect(bill.lines[0]).toMatchObject({ code: '98941', units: 1, chargeCents: 6000, serviceDate: '2019-03-12' });
    expect(bill.providers[0]).toMatchObject({ npi: '7868830548', tin: '807203832' });
    expect(bill.totalChargeCents).toBe(6000);
  });

  it('reads "659.00 Y" amounts, and flags a receipt with no summary fields at all instead of inventing a total', () => {
    const { ExpenseDocuments } = recorded<AnalyzeExpenseCommandOutput>('test_analyze_expense_no_summary_fields.json');
    const { bill } = billFromExpense(ExpenseDocuments!, 0);
    expect(bill.lines[0]!.chargeCents).toBe(65900);
    expect(bill.lines[3]).toMatchObject({ units: 2, chargeCents: 4300 });
    expect(bill.totalChargeCents).toBeNull();
    expect(bill.reviewReasons).toEqual(expect.arrayContaining([expect.stringMatching(/no total charges/)]));
  });

  it('survives detections without geometry', () => {
    const { ExpenseDocuments } = recorded<AnalyzeExpenseCommandOutput>('expense-missing-geoms-response.json');
    const { bill } = billFromExpense(ExpenseDocuments!, 0);
    expect(bill.lines).toEqual([]);
    expect(bill.reviewReasons).toEqual(expect.arrayContaining([expect.stringMatching(/no line items/)]));
  });

  it('sends low-confidence amounts to review', () => {
    const { ExpenseDocuments } = recorded<AnalyzeExpenseCommandOutput>('test_trp2_expense_sample4.json');
    const doc = structuredClone(ExpenseDocuments!);
    const price = doc[0]!.LineItemGroups![0]!.LineItems![2]!.LineItemExpenseFields!.find((f) => f.Type?.Text === 'PRICE')!;
    price.ValueDetection!.Confidence = 31;
    const { bill } = billFromExpense(doc, 0);
    expect(bill.reviewReasons).toContain('page 1, expense line 3: amount was read with low confidence');
  });
});

describe('the Textract adapter', () => {
  it('goes synchronous for one page: AnalyzeDocument first, AnalyzeExpense when the words are not a form', async () => {
    textract.on(AnalyzeDocumentCommand).resolves(recorded('patient_intake_form_sample.json'));
    textract.on(AnalyzeExpenseCommand).resolves(recorded('test_trp2_expense_sample4.json'));
    const result = await readWithTextract(reader(), { bytes: image, pages: 1 });
    expect(result.bills[0]!.totalChargeCents).toBe(568081);
    expect(textract.commandCalls(AnalyzeDocumentCommand)[0]!.args[0].input).toMatchObject({ FeatureTypes: ['FORMS', 'TABLES'] });
    expect(textract.commandCalls(StartExpenseAnalysisCommand)).toHaveLength(0);
  });

  it('reads a CMS-1500 from Textract words through the same form reader as the text layer', async () => {
    const pdf = await openPdf(fixtureBytes('forms/generated/cms1500-example1-flat.pdf'));
    const page = await pageWords(pdf.doc, 1);
    await pdf.close();
    const blocks: Block[] = page.words.map((w) => ({
      BlockType: 'WORD',
      Text: w.text,
      Confidence: 99.1,
      Page: 1,
      Geometry: { BoundingBox: { Left: w.bbox.left, Top: w.bbox.top, Width: w.bbox.width, Height: w.bbox.height } },
    }));
    textract.on(AnalyzeDocumentCommand).resolves({ Blocks: blocks });
    const result = await readWithTextract(reader(), { bytes: image, pages: 1 });
    const expected = truth('forms/generated/cms1500-example1.truth.json');
    expect(result.bills[0]!.sourceFormat).toBe('cms1500');
    expect(result.bills[0]!.lines.map((l) => [l.serviceDate, l.code, l.chargeCents])).toEqual(expected.lines.map((l) => [l.serviceDate, l.code, l.chargeCents]));
    expect(result.bills[0]!.provenance['lines.0.code']).toMatchObject({ engine: 'textract', confidence: expect.closeTo(0.991, 3) });
    expect(textract.commandCalls(AnalyzeExpenseCommand)).toHaveLength(0);
  });

  it('goes asynchronous for several pages: one idempotent start, polls while IN_PROGRESS, follows NextToken with at most 20 results', async () => {
    const multipage = recorded<{ ExpenseDocuments: unknown[] }>('analyzeExpenseResponse-multipage.json');
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'doc-job' });
    textract.on(GetDocumentAnalysisCommand).resolves({ JobStatus: 'SUCCEEDED', Blocks: [] });
    textract.on(StartExpenseAnalysisCommand).resolves({ JobId: 'expense-job' });
    textract
      .on(GetExpenseAnalysisCommand)
      .resolvesOnce({ JobStatus: 'IN_PROGRESS' })
      .resolvesOnce({ JobStatus: 'SUCCEEDED', NextToken: 'page-2', ExpenseDocuments: [multipage.ExpenseDocuments[0]] } as never)
      .resolvesOnce({ JobStatus: 'SUCCEEDED', ExpenseDocuments: [multipage.ExpenseDocuments[1]] } as never);
    const location = { bucket: 'parley-documents', key: 'intake/abc/statement.tiff', version: 'v1' };
    const result = await readWithTextract(reader(), { bytes: image, pages: 2, location });
    const bill = result.bills[0]!;
    expect(bill.lines.map((l) => l.chargeCents)).toEqual([135000, 49500, 110000, 66000, 49500, 22000, 90000, 49500]);
    expect(bill.totalChargeCents).toBe(571500);
    expect(bill.provenance['totalChargeCents']).toMatchObject({ page: 2 });
    const gets = textract.commandCalls(GetExpenseAnalysisCommand).map((c) => c.args[0].input);
    expect(gets).toHaveLength(3);
    expect(gets.every((g) => g.JobId === 'expense-job' && (g.MaxResults ?? 0) <= TEXTRACT_PAGE_SIZE)).toBe(true);
    expect(gets[2]!.NextToken).toBe('page-2');
    const start = textract.commandCalls(StartExpenseAnalysisCommand)[0]!.args[0].input;
    expect(start.ClientRequestToken).toBe(requestToken(location));
    expect(start.ClientRequestToken).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(start.DocumentLocation?.S3Object).toEqual({ Bucket: 'parley-documents', Name: 'intake/abc/statement.tiff', Version: 'v1' });
  });

  it('turns a failed job into an UnreadableDocument for review', async () => {
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'doc-job' });
    textract.on(GetDocumentAnalysisCommand).resolves({ JobStatus: 'FAILED', StatusMessage: 'UNSUPPORTED_DOCUMENT' });
    const error = await readWithTextract(reader(), { bytes: image, pages: 3, location: { bucket: 'b-b', key: 'k' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocument);
    expect((error as UnreadableDocument).disposition).toBe('NEEDS_REVIEW');
    expect((error as UnreadableDocument).message).toMatch(/UNSUPPORTED_DOCUMENT/);
  });
});
