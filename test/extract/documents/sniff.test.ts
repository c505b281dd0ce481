import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sniffDocument, SNIFF_BYTES } from '#shared/intake/sniff.ts';
import { readDocument } from '#shared/extract/documents/index.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { fixtureBytes } from './support.ts';

describe('telling documents apart by their bytes', () => {
  it('knows the fixtures by content, whatever they are called', async () => {
    const head = (b: Uint8Array) => b.subarray(0, SNIFF_BYTES);
    expect(sniffDocument(head(fixtureBytes('forms/generated/cms1500-example1-flat.pdf'))).kind).toBe('pdf');
    expect(sniffDocument(head(fixtureBytes('forms/generated/scans/cms1500-example1-fax.png'))).kind).toBe('png');
    expect(sniffDocument(head(fixtureBytes('forms/generated/scans/cms1500-example1-worst.jpg'))).kind).toBe('jpeg');
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).tiff().toBuffer();
    expect(sniffDocument(head(new Uint8Array(tiff))).kind).toBe('tiff');
  });

  it('refuses an image that is truncated, naming the page', async () => {
    const jpeg = fixtureBytes('forms/generated/scans/cms1500-example1-worst.jpg');
    const error = await readDocument(jpeg.subarray(0, 600), { kind: 'jpeg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocument);
    expect((error as UnreadableDocument).where).toMatch(/page 1/);
  });

  it('refuses an image that is not a bill', async () => {
    const blank = new Uint8Array(await sharp({ create: { width: 1700, height: 2200, channels: 3, background: '#fff' } }).png().toBuffer());
    const error = await readDocument(blank, { kind: 'png' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocument);
    expect((error as UnreadableDocument).message).toMatch(/no text could be read|not a bill/);
  });
});
