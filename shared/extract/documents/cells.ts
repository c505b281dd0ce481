// Reading a form cell by cell: the form readers ask for rectangles of their template, an engine answers with text.
import type { ExtractionEngine } from '../../model/provenance.ts';
import { rectToPageBox, wordsInRect, type FormFrame, type Rect } from './form-frame.ts';
import { unionBox, type Box, type PageWords } from './words.ts';

/** What a cell holds, so an OCR engine can restrict its alphabet. */
export type CellKind = 'digits' | 'money' | 'code' | 'modifier' | 'pointer' | 'date' | 'text' | 'alnum';

export interface CellRequest {
  key: string;
  rect: Rect;
  kind: CellKind;
  box: string;
}

export interface CellRead {
  text: string;
  confidence: number;
  bbox: Box;
  engine: ExtractionEngine;
  page: number;
}

export interface CellSource {
  page: number;
  frame: FormFrame;
  read(requests: readonly CellRequest[]): Promise<Map<string, CellRead>>;
}

/** Cells answered from words already on the page (text layer, AcroForm values, or whole-page OCR). */
export function wordCellSource(words: PageWords, frame: FormFrame): CellSource {
  return {
    page: words.page,
    frame,
    async read(requests) {
      const out = new Map<string, CellRead>();
      for (const r of requests) {
        const inside = wordsInRect(frame, words.words, r.rect);
        if (inside.length === 0) continue;
        out.set(r.key, {
          text: inside.map((w) => w.text).join(' '),
          confidence: Math.min(...inside.map((w) => w.confidence)),
          bbox: unionBox(inside.map((w) => w.bbox)),
          engine: inside[0]!.engine,
          page: words.page,
        });
      }
      return out;
    },
  };
}

export const cellBox = (frame: FormFrame, rect: Rect): Box => rectToPageBox(frame, rect);
