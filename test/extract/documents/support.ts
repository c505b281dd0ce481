// Shared helpers for the document-reader tests: fixture paths and the ground truth the generator wrote.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FormTruth } from '../../../scripts/make-form-fixtures.ts';
import type { CellRead, CellSource } from '#shared/extract/documents/cells.ts';
import { identityFrame } from '#shared/extract/documents/form-frame.ts';

export type { FormTruth };

export const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
export const fixtureBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(fixture(path)));
export const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export const truth = (path: string): FormTruth => JSON.parse(readFileSync(fixture(path), 'utf8')) as FormTruth;

/** How OCR read one cell: text, confidence (how many reads agreed, what other reads gave). */
export type Reads = Record<string, [string, number, number?, string[]?]>;

/** A page as an OCR engine read it, cell key by cell key. */
export function ocrPage(cells: Reads): CellSource {
  return {
    page: 1,
    frame: identityFrame(612, 792),
    async read(requests) {
      const out = new Map<string, CellRead>();
      for (const r of requests) {
        const c = cells[r.key];
        if (c)
          out.set(r.key, { text: c[0], confidence: c[1], bbox: { left: 0, top: 0, width: 0, height: 0 }, engine: 'ocr', page: 1, ...(c[2] ? { agreed: c[2] } : {}), ...(c[3] ? { rivals: c[3] } : {}) });
      }
      return out;
    },
  };
}
