import { afterAll, describe, expect, it } from 'vitest';
import { createLocalOcr, readDocument, type PageWords, type Word } from '#shared/extract/documents/index.ts';
import { readItemizedStatement } from '#shared/extract/documents/statement/read.ts';
import { fixtureBytes, truth } from './support.ts';

const ocr = createLocalOcr();
afterAll(() => ocr.close());

const scan = (name: string): string => `forms/generated/scans/${name}`;
const lineKey = (l: { serviceDate: string | null; code: string | null; units: number; chargeCents: number }) => [l.serviceDate, l.code, l.units, l.chargeCents].join('|');

describe('scanned itemized statements', () => {
  for (const [tier, ext, kind] of [
    ['pristine', 'png', 'png'],
    ['worn_scan', 'jpg', 'jpeg'],
    ['phone_photo', 'jpg', 'jpeg'],
  ] as const) {
    it(`reads every line of a ${tier.replace('_', ' ')} statement: S-codes as letters, lone one-digit quantities kept, a heading the page read lost read again`, async () => {
      const expected = truth(scan(`statement-clinic-home-infusion-${tier}.truth.json`));
      const { bills } = await readDocument(fixtureBytes(scan(`statement-clinic-home-infusion-${tier}.${ext}`)), { kind, ocr });
      const bill = bills[0]!;
      expect(bill.sourceFormat).toBe('itemized-statement');
      expect(bill.lines.map(lineKey)).toEqual(expected.lines.map(lineKey));
      expect(bill.totalChargeCents).toBe(expected.totalChargeCents);
      expect(bill.provenance['lines.0.units']).toMatchObject({ engine: 'ocr', page: 1 });
    }, 30_000);
  }

  it('reads a fax whose streaks split the words of every line through the line recogniser, and sends it to review', async () => {
    // Tesseract alone read this page's lines without their codes ("021085", "[27-RH"): 0 of 4 lines.
    const expected = truth(scan('statement-ledger-ambulance-fax.truth.json'));
    const { bills } = await readDocument(fixtureBytes(scan('statement-ledger-ambulance-fax.png')), { kind: 'png', ocr });
    const bill = bills[0]!;
    expect(bill.sourceFormat).toBe('itemized-statement');
    expect(bill.lines.map(lineKey)).toEqual(expected.lines.map(lineKey));
    expect(bill.reviewReasons.length).toBeGreaterThan(0);
  }, 30_000);

  it('reads a skewed fax whose streaks crossed rows: no quantity moved to the line above, no table missed, every line flagged', async () => {
    // A streak read as a word rows tall once stretched a line over the next ones: the ambulance's mileage (21) went to
    // the line above, and the clinic statement's recogniser read of the heading and first row came back empty (the
    // page was refused). Its dates read 02/D1/2025 and "02/ 1/2025"; its 14s lost a digit; its prices their point.
    for (const name of ['statement-ledger-ambulance-seed9-fax', 'statement-clinic-home-infusion-seed9-fax']) {
      const expected = truth(scan(`${name}.truth.json`));
      const { bills } = await readDocument(fixtureBytes(scan(`${name}.png`)), { kind: 'png', ocr });
      expect(bills[0]!.lines.map(lineKey)).toEqual(expected.lines.map(lineKey));
      expect(bills[0]!.reviewReasons.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('flags what it misreads in a fax and a crinkled copy (a page it cannot read goes to a person)', async () => {
    for (const [tier, ext, kind] of [
      ['worst', 'jpg', 'jpeg'],
      ['fax', 'png', 'png'],
    ] as const) {
      const expected = truth(scan(`statement-clinic-home-infusion-${tier}.truth.json`));
      const result = await readDocument(fixtureBytes(scan(`statement-clinic-home-infusion-${tier}.${ext}`)), { kind, ocr }).catch((e: unknown) => e);
      if (result instanceof Error) {
        expect(result).toMatchObject({ name: 'UnreadableDocument', disposition: 'NEEDS_REVIEW' });
        continue;
      }
      const bill = (result as Awaited<ReturnType<typeof readDocument>>).bills[0]!;
      const allRight = bill.lines.map(lineKey).join() === expected.lines.map(lineKey).join() && bill.totalChargeCents === expected.totalChargeCents;
      if (!allRight) expect(bill.reviewReasons.length).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('a statement read from pixels, row against row', () => {
  /** A page of OCR words: each row is [text, left] cells on one line. */
  const page = (rows: [string, number][][]): PageWords => ({
    page: 1,
    width: 612,
    height: 792,
    words: rows.flatMap((cells, r) =>
      cells.map(([text, left]): Word => ({ text, page: 1, bbox: { left, top: 0.2 + r * 0.02, width: 0.01 * text.length, height: 0.012 }, confidence: 0.95, engine: 'ocr' })),
    ),
  });
  const row = (code: string, amount: string): [string, number][] => [['02/01/2025', 0.05], [code, 0.4], ['7', 0.6], [amount, 0.8]];

  it("takes a column's leading 5 for the S the other rows show it is, and flags every code it changed", () => {
    const { bill } = readItemizedStatement(
      [page([[['Date', 0.05], ['Code', 0.4], ['Units', 0.6], ['Amount', 0.8]], row('59500', '1,400.00'), row('$5001', '682.50'), row('55000', '15.12'), [['TOTAL', 0.6], ['2,097.62', 0.8]]])],
      0,
    );
    expect(bill.lines.map((l) => l.code)).toEqual(['S9500', 'S5001', 'S5000']);
    expect(bill.reviewReasons).toEqual(expect.arrayContaining([expect.stringMatching(/line 3 \(code\).*read as 55000.*taken as S5000, check it/)]));
  });

  it('leaves a lone 5-led code alone when no other row says the column holds S-codes', () => {
    const { bill } = readItemizedStatement(
      [page([[['Date', 0.05], ['Code', 0.4], ['Units', 0.6], ['Amount', 0.8]], row('55000', '15.12'), row('99213', '100.00'), [['TOTAL', 0.6], ['115.12', 0.8]]])],
      0,
    );
    expect(bill.lines.map((l) => l.code)).toEqual(['55000', '99213']);
  });

  it('keeps each row its own line when a streak read as a word rows tall sits on one of them', () => {
    const words = page([[['Date', 0.05], ['Code', 0.4], ['Units', 0.6], ['Amount', 0.8]], row('S9500', '1,400.00'), row('S5001', '682.50'), [['TOTAL', 0.6], ['2,082.50', 0.8]]]);
    const firstRow = words.words.find((w) => w.text === 'S9500')!.bbox.top;
    words.words.push({ text: ']', page: 1, bbox: { left: 0.3, top: firstRow, width: 0.005, height: 0.05 }, confidence: 0.5, engine: 'ocr' });
    const { bill } = readItemizedStatement([words], 0);
    expect(bill.lines.map((l) => [l.code, l.chargeCents])).toEqual([
      ['S9500', 140000],
      ['S5001', 68250],
    ]);
  });
});
