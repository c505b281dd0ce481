import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { readDocument, readWordPages } from '#shared/extract/documents/index.ts';
import type { PageWords } from '#shared/extract/documents/words.ts';
import { openPdf } from '#shared/extract/documents/pdf.ts';
import { renderPage } from '#shared/extract/documents/pdf-raster.ts';
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

  it('sends a bill photo too crinkled for any reader to a person, rather than refusing it as not a bill', async () => {
    const { data, info } = await sharp(fixtureBytes('forms/cms1500-synthetic/00000-pristine.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
    const crinkled = Buffer.alloc(data.length, 255);
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const sx = Math.round(x + 8 * Math.sin(y / 60)), sy = Math.round(y + 8 * Math.cos(x / 70));
        if (sx >= 0 && sx < info.width && sy >= 0 && sy < info.height) crinkled[y * info.width + x] = data[sy * info.width + sx]!;
      }
    const png = await sharp(crinkled, { raw: { width: info.width, height: info.height, channels: 1 } }).png().toBuffer();
    const error = await refusal(new Uint8Array(png), 'png');
    expect(error.disposition).toBe('NEEDS_REVIEW');
    expect(error.message).toMatch(/^page 1 carries a medical bill's printed words \((PATIENT|INSURED|INSURANCE|CLAIM|[A-Z]+)(, [A-Z.]+)+\) but no reader could read it .*: a person must key it$/);
  });

  it('never refuses a faxed UB-04 as not a bill: a page that reads as nothing at reduced size is read again at full size', async () => {
    const pdf = await openPdf(fixtureBytes('forms/generated/ub04-institutional-claim.pdf'));
    const page = await renderPage(pdf.doc, 1).finally(() => pdf.close());
    // A fax: a little askew, thresholded, streaked, sent at half resolution.
    const rgb = { raw: { width: page.width, height: page.height, channels: 3 as const } };
    const turned = await sharp(Buffer.from(page.data), rgb).rotate(1.5, { background: '#ffffff' }).resize(page.width, page.height, { fit: 'cover' }).greyscale().threshold(160).raw().toBuffer({ resolveWithObject: true });
    const { data, info } = turned;
    // A dirty sensor's streaks, the whole page down.
    for (const x of [130, 377, 610, 844, 1021, 1290, 1475]) for (let y = 0; y < info.height; y++) for (let k = 0; k < 3; k++) data.fill(30, (y * info.width + x + k) * info.channels, (y * info.width + x + k + 1) * info.channels);
    const half = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).resize(info.width >> 1).png().toBuffer();
    const fax = await sharp(half).resize(info.width, info.height, { kernel: 'nearest' }).png().toBuffer();
    const read = await readDocument(new Uint8Array(fax), { kind: 'png' }).catch((e: unknown) => e);
    if (read instanceof UnreadableDocument) expect(read.disposition).toBe('NEEDS_REVIEW');
    else expect((read as Awaited<ReturnType<typeof readDocument>>).bills[0]!.reviewReasons.length).toBeGreaterThan(0);
  });

  it("tells words read from a page that are a medical bill's from words that are not (a letter stays refused)", async () => {
    const page = (texts: string[]): PageWords => ({
      page: 1,
      width: 612,
      height: 792,
      words: texts.map((text, i) => ({ text, page: 1, bbox: { left: 0.1, top: 0.1 + i * 0.05, width: 0.3, height: 0.02 }, confidence: 0.9, engine: 'textract' as const })),
    });
    const form = await readWordPages([page(['INSURED', "PHYSICIAN'S", 'smudge', 'PATIENT', 'DIAGNOSIS', 'DATE', 'TOTAL'])]).catch((e: unknown) => e as UnreadableDocument);
    expect(form).toMatchObject({ disposition: 'NEEDS_REVIEW', where: 'page 1' });
    expect((form as UnreadableDocument).message).toMatch(/printed words \(INSURED, PHYSICIAN, PATIENT, DIAGNOSIS\)/);
    // Dates, totals and a patient's name are on many papers: a letter to a patient about a bill is no bill.
    const letter = await readWordPages([page(['Dear patient,', 'the total of your invoice', 'DATE', 'AMOUNT', 'ACCOUNT', 'BALANCE'])]).catch((e: unknown) => e as UnreadableDocument);
    expect(letter).toMatchObject({ disposition: 'REJECTED' });
    expect((letter as UnreadableDocument).message).toMatch(/^not a bill/);
  });

  it('refuses bytes that are not what the caller said they are', async () => {
    const error = await refusal(new TextEncoder().encode('just some text, not a PDF'));
    expect(error.message).toMatch(/not a PDF.*plain text/);
    const png = await refusal(fixtureBytes('forms/generated/cms1500-example1-flat.pdf'), 'png');
    expect(png.message).toMatch(/bytes are a pdf, not a png/);
  });
});
