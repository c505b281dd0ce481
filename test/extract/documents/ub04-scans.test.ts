import { afterAll, describe, expect, it } from 'vitest';
import { createLocalOcr, readDocument } from '#shared/extract/documents/index.ts';
import type { Bill } from '#shared/model/bill.ts';
import { readUb04Claim, readUb04Page, ub04Requests } from '#shared/extract/documents/ub04/read.ts';
import { vote } from '#shared/extract/documents/ocr/form-cells.ts';
import { fixtureBytes, ocrPage, truth, type FormTruth, type Reads } from './support.ts';

const ocr = createLocalOcr();
afterAll(() => ocr.close());

const scan = (name: string): string => `forms/generated/scans/${name}`;
const lineKey = (l: { serviceDate: string | null; code: string | null; revenueCode?: string | null; units: number; chargeCents: number }) =>
  [l.serviceDate, l.revenueCode, l.code, l.units, l.chargeCents].join('|');
const exactLines = (bill: Bill, expected: FormTruth): number => expected.lines.filter((l, i) => bill.lines[i] && lineKey(bill.lines[i]!) === lineKey(l)).length;

describe('scanned UB-04s read through the form grid', () => {
  it('reads every line of a pristine UB-04 scan, revenue codes and total included, from the OCR engine', async () => {
    const expected = truth(scan('ub04-ppo-repriced-claim-pristine.truth.json'));
    const { bills } = await readDocument(fixtureBytes(scan('ub04-ppo-repriced-claim-pristine.png')), { kind: 'png', ocr });
    expect(bills).toHaveLength(1);
    const bill = bills[0]!;
    expect(bill).toMatchObject({ sourceFormat: 'ub04', claimType: 'institutional', totalChargeCents: expected.totalChargeCents });
    expect(exactLines(bill, expected)).toBe(expected.lines.length);
    expect(bill.lines).toHaveLength(expected.lines.length);
    expect(bill.provenance['lines.0.chargeCents']).toMatchObject({ engine: 'ocr', page: 1, box: 'FL47' });
    expect(bill.provenance['lines.1.revenueCode']).toMatchObject({ engine: 'ocr', box: 'FL42' });
  });

  it('reads a phone photo of a UB-04 (perspective, uneven light) line for line', async () => {
    const expected = truth(scan('ub04-ppo-repriced-claim-phone_photo.truth.json'));
    const { bills } = await readDocument(fixtureBytes(scan('ub04-ppo-repriced-claim-phone_photo.jpg')), { kind: 'jpeg', ocr });
    expect(bills[0]!.sourceFormat).toBe('ub04');
    expect(exactLines(bills[0]!, expected)).toBe(expected.lines.length);
  });

  it('reads a UB-04 printed on the red drop-out form, scanned and photographed (its pink row shading is no rule)', async () => {
    for (const tier of ['clean_scan', 'phone_photo']) {
      const expected = truth(scan(`ub04-red-ppo-repriced-claim-${tier}.truth.json`));
      const { bills } = await readDocument(fixtureBytes(scan(`ub04-red-ppo-repriced-claim-${tier}.jpg`)), { kind: 'jpeg', ocr });
      expect(bills[0]!.sourceFormat).toBe('ub04');
      expect(exactLines(bills[0]!, expected)).toBe(expected.lines.length);
    }
  }, 60_000);

  it('reads a red UB-04 whose shaded rules half fit a CMS-1500 as the UB-04 it is (a colour page needs a better fit)', async () => {
    // Another scan of the same claim (the fixture generator's seed 9): its CMS-1500 fit is 0.57, the UB-04's 0.80.
    const expected = truth(scan('ub04-red-ppo-repriced-claim-seed9-clean_scan.truth.json'));
    const { bills } = await readDocument(fixtureBytes(scan('ub04-red-ppo-repriced-claim-seed9-clean_scan.jpg')), { kind: 'jpeg', ocr });
    expect(bills[0]!.sourceFormat).toBe('ub04');
    expect(exactLines(bills[0]!, expected)).toBe(expected.lines.length);
  }, 60_000);

  it('reads a two-page UB-04 scanned into one PDF as one claim, lines numbered across pages, and flags what it misread', async () => {
    const expected = truth(scan('ub04-inpatient-two-pages-worn_scan.truth.json'));
    const { bills } = await readDocument(fixtureBytes(scan('ub04-inpatient-two-pages-worn_scan.pdf')), { kind: 'pdf', ocr });
    expect(bills).toHaveLength(1);
    const bill = bills[0]!;
    expect(bill.lines.map((l) => l.lineNumber)).toEqual(bill.lines.map((_, i) => i + 1));
    expect(Object.entries(bill.provenance).some(([field, p]) => field.startsWith('lines.') && p.page === 2)).toBe(true);
    // Most lines read exactly; where one is not, the bill carries reasons for a person to look.
    expect(exactLines(bill, expected)).toBeGreaterThanOrEqual(Math.ceil(expected.lines.length * 0.75));
    if (exactLines(bill, expected) < expected.lines.length) expect(bill.reviewReasons.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('UB-04 cells read from pixels', () => {
  const header: Reads = {
    typeOfBill: ['0131', 0.95],
    statementFrom: ['061025', 0.95],
    statementThrough: ['061225', 0.95],
    billingNpi: ['1234567893', 0.95],
    providerLine1: ['GENERAL HOSPITAL', 0.95],
    providerLine3: ['AKRON, OH 44308', 0.95],
  };
  const line = (n: number, charge: string): Reads => ({
    [`l${n}.revenueCode`]: ['0120', 0.95],
    [`l${n}.serviceDate`]: ['061025', 0.95],
    [`l${n}.units`]: ['1', 0.95],
    [`l${n}.totalCharge`]: [charge, 0.95],
  });

  it('takes a thousands comma read as a point in a dollars-and-cents amount for the comma', async () => {
    const page = await readUb04Page(ocrPage({ ...header, ...line(1, '1.850 00'), ...line(2, '1,850 00'), 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['3.700 00', 0.95] }));
    const { bill } = readUb04Claim([page], 0);
    expect(bill.lines.map((l) => l.chargeCents)).toEqual([185000, 185000]);
    expect(bill.totalChargeCents).toBe(370000);
    expect(bill.reviewReasons).toEqual([]);
  });

  it('takes a charge read unsurely at what the 0001 total and the other lines require, when one misread digit away', async () => {
    const page = await readUb04Page(
      ocrPage({ ...header, ...line(1, '13.89'), 'l1.totalCharge': ['13.89', 0.5], ...line(2, '76.54'), 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['89.93', 0.95] }),
    );
    const { bill } = readUb04Claim([page], 0);
    expect(bill.lines.map((l) => l.chargeCents)).toEqual([1339, 7654]);
    expect(bill.reviewReasons).toEqual([]);
  });

  it('reads an amount whose dollars-cents gap was lost as dollars and cents, not as dollars', async () => {
    const page = await readUb04Page(ocrPage({ ...header, ...line(1, '5950'), 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['59 50', 0.95] }));
    expect(readUb04Claim([page], 0).bill.lines[0]!.chargeCents).toBe(5950);
  });

  it("takes a line's date that reads outside a one-day statement period as that day, and flags it", async () => {
    const oneDay: Reads = { ...header, statementThrough: ['061025', 0.95] };
    const page = await readUb04Page(ocrPage({ ...oneDay, ...line(1, '120 00'), 'l1.serviceDate': ['061026', 0.9], 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['120 00', 0.95] }));
    const { bill } = readUb04Claim([page], 0);
    expect(bill.lines[0]!.serviceDate).toBe('2025-06-10');
    expect(bill.reviewReasons).toEqual([expect.stringMatching(/date of service read as 2026-06-10.*taken as the one-day statement period's 2025-06-10/)]);
  });

  it('does not bill marks in a row with no revenue code and no charge (a fax streak) as a line, but names the row', async () => {
    const page = await readUb04Page(
      ocrPage({ ...header, ...line(1, '120 00'), 'l5.hcpcs': ['IT', 0.3], 'l5.units': ['1', 0.4], 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['120 00', 0.95] }),
    );
    const { bill } = readUb04Claim([page], 0);
    expect(bill.lines).toHaveLength(1);
    expect(bill.reviewReasons).toEqual([expect.stringMatching(/^page 1 row 5, FL42-47: marks with no revenue code and no charge/)]);
  });

  it('takes a code read once over a digit-short read of it twice: digits alone are no accommodation rate', () => {
    const fl44 = ub04Requests().find((r) => r.key === 'l1.hcpcs')!;
    const read = (text: string, confidence: number) => new Map([['l1.hcpcs', { text, confidence, bbox: { left: 0, top: 0, width: 0, height: 0 }, engine: 'ocr' as const, page: 1 }]]);
    expect(vote(fl44, [read('9557', 0.91), read('92557', 0.98), read('9557', 0.99)])!.text).toBe('92557');
    // A rate has its cents after a point.
    expect(vote(fl44, [read('350.00', 0.9), read('350.00', 0.95)])!.text).toBe('350.00');
  });

  it('sends every page whose printed grid was found only in part to review, naming the page', async () => {
    const page = await readUb04Page(ocrPage({ ...header, ...line(1, '120 00'), 'l23.revenueCode': ['0001', 0.95], 'l23.totalCharge': ['120 00', 0.95] }));
    const { bill } = readUb04Claim([{ ...page, gridFoundInPart: true }], 0);
    expect(bill.reviewReasons).toEqual([expect.stringMatching(/^page 1: the form's printed grid was found only in part/)]);
  });
});
