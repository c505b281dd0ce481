import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidLetterheadConfig, letterheadFromConfig, readLetterheadConfig } from '../../shared/letters/letterhead-config.ts';
import { renderOfferLetter } from '../../shared/letters/offer-letter.ts';
import { imagesPerPage, readPdfText } from './read-pdf.ts';
import { sampleOffer } from './sample-letters.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('letterhead configuration', () => {
  it('reads config/letterhead.json with its PNG logo', () => {
    const head = readLetterheadConfig(path.join(repo, 'config/letterhead.json'));
    expect(head.organizationName).toBe('Parley Claims Negotiation (demo)');
    expect(head.logoPng?.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
  });

  it('prints the logo on the first page only', async () => {
    const letterhead = readLetterheadConfig(path.join(repo, 'config/letterhead.json'));
    const pdf = await renderOfferLetter(sampleOffer({ letterhead }));
    const { text, pages } = await readPdfText(pdf);
    expect(text).toContain('Parley Claims Negotiation (demo)');
    expect(pages.length).toBeGreaterThan(1);
    expect(await imagesPerPage(pdf)).toEqual([1, ...pages.slice(1).map(() => 0)]);
  });

  it('names the file and the problem when the logo is missing or not a PNG', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'letterhead-'));
    writeFileSync(path.join(dir, 'logo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(() => letterheadFromConfig({ organizationName: 'X', logoPath: 'missing.png' }, dir)).toThrowError(
      /the logo missing\.png cannot be read/,
    );
    expect(() => letterheadFromConfig({ organizationName: 'X', logoPath: 'logo.jpg' }, dir)).toThrowError(InvalidLetterheadConfig);
    expect(() => letterheadFromConfig({ addressLines: [] }, dir)).toThrowError(/organizationName/);
    writeFileSync(path.join(dir, 'bad.json'), '{ not json');
    expect(() => readLetterheadConfig(path.join(dir, 'bad.json'))).toThrowError(/bad\.json: not JSON/);
  });
});
