import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '#shared/extract/documents/index.ts';
import { providerByRole } from '#shared/model/bill.ts';
import { isValidNpi } from '#shared/extract/documents/field-checks.ts';
import { fixture, fixtureBytes, repoFile, truth } from './support.ts';

const generated = readdirSync(fixture('forms/generated')).filter((f) => /^cms1500-.*\.truth\.json$/.test(f));

describe('born-digital CMS-1500 PDFs', () => {
  it('has generated fixtures to read', () => {
    expect(generated.length).toBeGreaterThanOrEqual(4);
  });

  for (const truthFile of generated) {
    const base = truthFile.replace(/\.truth\.json$/, '');
    for (const variant of ['fillable', 'flat'] as const) {
      it(`reads every line of ${base} (${variant === 'fillable' ? 'values in AcroForm widgets' : 'flattened into the page'}) exactly`, async () => {
        const expected = truth(`forms/generated/${truthFile}`);
        const { bills } = await readDocument(fixtureBytes(`forms/generated/${base}-${variant}.pdf`), { kind: 'pdf' });
        expect(bills).toHaveLength(1);
        const bill = bills[0]!;
        expect(bill.sourceFormat).toBe('cms1500');
        expect(bill.claimType).toBe('professional');
        expect(bill.claimNumber).toBe(expected.accountNumber);
        expect(bill.totalChargeCents).toBe(expected.totalChargeCents);
        const billing = providerByRole(bill, 'billing');
        expect(billing?.npi).toBe(expected.billingNpi);
        expect(billing?.tin).toBe(expected.tin);
        expect(billing?.address?.zip).toBe(expected.billingZip);
        expect(bill.diagnoses).toEqual(expected.diagnoses);
        expect(
          bill.lines.map((l) => ({
            serviceDate: l.serviceDate,
            serviceDateTo: l.serviceDateTo,
            code: l.code,
            modifiers: l.modifiers,
            units: l.units,
            chargeCents: l.chargeCents,
            placeOfService: l.placeOfService,
            renderingNpi: l.renderingNpi,
          })),
        ).toEqual(expected.lines.map(({ revenueCode: _, ...l }) => l));
        // The implementation-guide claims carry some made-up NPIs: those, and only those, are sent to review.
        const npis = [expected.billingNpi, ...expected.lines.map((l) => l.renderingNpi)].filter((n): n is string => !!n);
        if (npis.every(isValidNpi)) expect(bill.reviewReasons).toEqual([]);
        else {
          expect(bill.reviewReasons.length).toBeGreaterThan(0);
          for (const reason of bill.reviewReasons) expect(reason).toMatch(/NPI fails its check digit/);
        }
      });
    }
  }

  it('sends a bill whose line charges do not add up to box 28 to review, naming the box', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(fixtureBytes('forms/generated/cms1500-example1-fillable.pdf'));
    doc.getForm().getTextField('t_charge').setText('110.00');
    const { bills } = await readDocument(await doc.save(), { kind: 'pdf' });
    expect(bills[0]!.totalChargeCents).toBe(11000);
    expect(bills[0]!.reviewReasons).toEqual(['page 1, box 28: line charges add up to $100.00 but the total charge reads $110.00']);
  });

  it('keeps the provenance of every line field: page, box, engine, confidence and where on the page', async () => {
    const { bills } = await readDocument(fixtureBytes('forms/generated/cms1500-example1-flat.pdf'), { kind: 'pdf' });
    const bill = bills[0]!;
    expect(bill.provenance['lines.2.chargeCents']).toMatchObject({ engine: 'pdf-text', page: 1, box: '24F', confidence: 1 });
    expect(bill.provenance['lines.0.code']).toMatchObject({ box: '24D' });
    expect(bill.provenance['totalChargeCents']).toMatchObject({ box: '28' });
    const box = bill.provenance['lines.0.code']!.bbox!;
    // Box 24 line 1 sits in the lower third of the page, the code column left of centre.
    expect(box.top).toBeGreaterThan(0.6);
    expect(box.top).toBeLessThan(0.75);
    expect(box.left).toBeGreaterThan(0.25);
    expect(box.left).toBeLessThan(0.45);
  });

  it('reads the bundled sample bill: 2025 dates, a Miami ZIP, no reason for review', async () => {
    const { bills } = await readDocument(new Uint8Array(readFileSync(repoFile('samples/cms1500-office-visits-miami.pdf'))), { kind: 'pdf' });
    expect(bills).toHaveLength(1);
    const bill = bills[0]!;
    expect(providerByRole(bill, 'billing')?.address?.zip).toBe('33111');
    expect(bill.lines.map((l) => [l.serviceDate, l.code, l.chargeCents])).toEqual([
      ['2025-10-03', '99213', 4000],
      ['2025-10-03', '87070', 1500],
      ['2025-10-10', '99214', 3500],
      ['2025-10-10', '86663', 1000],
    ]);
    expect(bill.totalChargeCents).toBe(10000);
    expect(bill.reviewReasons).toEqual([]);
  });
});
