import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { readDocument } from '#shared/extract/documents/index.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { fixtureBytes } from './support.ts';

async function letterPdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  lines.forEach((line, i) => page.drawText(line, { x: 72, y: 700 - i * 16, size: 11, font }));
  return doc.save();
}

/** A PDF whose standard security handler wants a user password nobody gave us. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  const encrypt = doc.context.obj({
    Filter: PDFName.of('Standard'),
    V: PDFNumber.of(1),
    R: PDFNumber.of(2),
    Length: PDFNumber.of(40),
    P: PDFNumber.of(-4),
    O: PDFHexString.of('9f'.repeat(32)),
    U: PDFHexString.of('3c'.repeat(32)),
  });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('00'.repeat(16)), PDFHexString.of('00'.repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

async function refusal(bytes: Uint8Array, kind: 'pdf' | 'png' = 'pdf'): Promise<UnreadableDocument> {
  const error = await readDocument(bytes, { kind }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableDocument);
  return error as UnreadableDocument;
}

describe('documents the readers refuse', () => {
  it('refuses a truncated PDF as corrupt', async () => {
    const whole = fixtureBytes('forms/generated/cms1500-example1-flat.pdf');
    const error = await refusal(whole.subarray(0, 1500));
    expect(error.message).toMatch(/not a readable PDF|could not be opened|no text/);
    expect(error.where).toMatch(/document|page/);
  });

  it('refuses a password-protected PDF and says so', async () => {
    const error = await refusal(await encryptedPdf());
    expect(error.message).toMatch(/encrypted with a password/);
    expect(error.where).toBe('document (encryption)');
  });

  it('refuses a PDF that is a letter, not a bill, naming the pages it read', async () => {
    const error = await refusal(await letterPdf(['Dear Sir or Madam,', 'Please find enclosed our brochure about the new clinic opening hours.', 'Kind regards,', 'The front desk']));
    expect(error.message).toMatch(/^not a bill/);
    expect(error.where).toBe('pages 1-1');
    expect(error.disposition).toBe('REJECTED');
  });

  it('refuses bytes that are not what the caller said they are', async () => {
    const error = await refusal(new TextEncoder().encode('just some text, not a PDF'));
    expect(error.message).toMatch(/not a PDF.*plain text/);
    const png = await refusal(fixtureBytes('forms/generated/cms1500-example1-flat.pdf'), 'png');
    expect(png.message).toMatch(/bytes are a pdf, not a png/);
  });
});
