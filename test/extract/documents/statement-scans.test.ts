import { afterAll, describe, expect, it } from 'vitest';
import { createTesseractOcr, readDocument } from '#shared/extract/documents/index.ts';
import { fixtureBytes, truth } from './support.ts';

const ocr = createTesseractOcr();
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
