import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { createLocalOcr, readDocument } from '#shared/extract/documents/index.ts';
import type { Bill } from '#shared/model/bill.ts';
import { fixtureBytes, truth, type FormTruth } from './support.ts';

// One engine for the file, as the pipeline keeps one per process; closed at the end so no worker outlives the tests.
const ocr = createLocalOcr();
afterAll(() => ocr.close());

const lineKey = (l: { serviceDate: string | null; code: string | null; modifiers: string[]; units: number; chargeCents: number }) =>
  [l.serviceDate, l.code, l.modifiers.join(':'), l.units, l.chargeCents].join('|');

function exactLines(bill: Bill, expected: FormTruth): number {
  return expected.lines.filter((l, i) => bill.lines[i] && lineKey(bill.lines[i]!) === lineKey(l)).length;
}

/** The promise for the worst scans: a bill whose reads are not all right carries reasons for a person to look. */
function wrongReadsAreFlagged(bill: Bill, expected: FormTruth): void {
  const allRight = exactLines(bill, expected) === expected.lines.length && bill.lines.length === expected.lines.length && bill.totalChargeCents === expected.totalChargeCents;
  if (!allRight) expect(bill.reviewReasons.length).toBeGreaterThan(0);
}

describe('scanned CMS-1500s read by OCR', () => {
  it('reads every service line of a pristine scan exactly, with provenance from the OCR engine', async () => {
    const expected = truth('forms/generated/scans/cms1500-drug-example10-2-pristine.truth.json');
    const { bills } = await readDocument(fixtureBytes('forms/generated/scans/cms1500-drug-example10-2-pristine.png'), { kind: 'png', ocr });
    const bill = bills[0]!;
    expect(bill.sourceFormat).toBe('cms1500');
    expect(exactLines(bill, expected)).toBe(expected.lines.length);
    expect(bill.totalChargeCents).toBe(expected.totalChargeCents);
    const provenance = bill.provenance['lines.0.chargeCents']!;
    expect(provenance).toMatchObject({ engine: 'ocr', page: 1, box: '24F' });
    expect(provenance.confidence).toBeGreaterThan(0.5);
  });

  it('reads a scan that arrives inside a PDF with no text layer the same way', async () => {
    const png = fixtureBytes('forms/generated/scans/cms1500-example1-pristine.png');
    const doc = await PDFDocument.create();
    const embedded = await doc.embedPng(png);
    doc.addPage([612, 792]).drawImage(embedded, { x: 0, y: 0, width: 612, height: 792 });
    const { bills } = await readDocument(await doc.save(), { kind: 'pdf', ocr });
    const expected = truth('forms/generated/scans/cms1500-example1-pristine.truth.json');
    expect(bills[0]!.provenance['lines.0.code']).toMatchObject({ engine: 'ocr' });
    expect(exactLines(bills[0]!, expected)).toBeGreaterThanOrEqual(expected.lines.length - 1);
  });

  // Streaks run down these faxes through codes and dates; the line recogniser reads through them (tesseract alone
  // read 2 of 3 and 2 of 4 of their lines).
  for (const name of ['cms1500-example1-fax', 'cms1500-cob-example3-A-fax']) {
    it(`reads every service line of the streaked fax ${name} exactly, and still sends it to review`, async () => {
      const expected = truth(`forms/generated/scans/${name}.truth.json`);
      const { bills } = await readDocument(fixtureBytes(`forms/generated/scans/${name}.png`), { kind: 'png', ocr });
      expect(exactLines(bills[0]!, expected)).toBe(expected.lines.length);
      expect(bills[0]!.reviewReasons.length).toBeGreaterThan(0);
    }, 60_000);
  }

  it('reads TIFF pages', async () => {
    const tiff = new Uint8Array(await sharp(fixtureBytes('forms/generated/scans/cms1500-example1-pristine.png')).tiff({ compression: 'lzw' }).toBuffer());
    const { bills } = await readDocument(tiff, { kind: 'tiff', ocr });
    expect(bills[0]!.sourceFormat).toBe('cms1500');
    expect(bills[0]!.lines.length).toBeGreaterThan(0);
  });

  for (const name of ['cms1500-synthetic/00004-phone_photo', 'generated/scans/cms1500-cob-example3-A-worst']) {
    it(`never lets a wrong read of ${name} through unflagged`, async () => {
      const file = name.startsWith('generated') ? `forms/${name}.${name.endsWith('worst') ? 'jpg' : 'png'}` : `forms/${name}.png`;
      const result = await readDocument(fixtureBytes(file), { kind: file.endsWith('.png') ? 'png' : 'jpeg', ocr }).catch((e: unknown) => e);
      if (result instanceof Error) {
        // Refused outright is also safe: nothing reaches an offer.
        expect(result.name).toBe('UnreadableDocument');
        return;
      }
      const { bills } = result as { bills: Bill[] };
      const expected: FormTruth = name.startsWith('generated') ? truth(`forms/${name}.truth.json`) : syntheticTruth(name);
      wrongReadsAreFlagged(bills[0]!, expected);
    }, 60_000);
  }
});

function syntheticTruth(name: string): FormTruth {
  const logical = JSON.parse(Buffer.from(fixtureBytes(`forms/${name}.json`)).toString('utf8')).logical;
  return {
    source: name,
    sourceFormat: 'cms1500',
    accountNumber: logical.box_26_patient_account_number,
    totalChargeCents: Math.round(Number(logical.box_28_total_charge) * 100),
    billingNpi: logical.box_33_billing_provider.npi,
    tin: logical.box_25_federal_tax_id.replace(/\D/g, ''),
    billingZip: logical.box_33_billing_provider.address.zip,
    diagnoses: logical.box_21_diagnoses,
    lines: logical.box_24_service_lines.map((l: { date_from: string; procedure_code: string; modifiers: string[]; units: string; charges: string }) => ({
      serviceDate: l.date_from.replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$1-$2'),
      serviceDateTo: null,
      code: l.procedure_code,
      revenueCode: null,
      modifiers: l.modifiers,
      units: Number(l.units),
      chargeCents: Math.round(Number(l.charges) * 100),
      placeOfService: null,
      renderingNpi: null,
    })),
  };
}
