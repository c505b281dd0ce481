// Reading a form cell by cell: the form readers ask for rectangles of their template, an engine answers with text.
import type { ExtractionEngine } from '../../model/provenance.ts';
import { rectToPageBox, toTemplate, wordsInRect, type FormFrame, type Rect } from './form-frame.ts';
import { unionBox, type Box, type PageWords, type Word } from './words.ts';

/** What a cell holds, so an OCR engine can restrict its alphabet. */
export type CellKind = 'digits' | 'money' | 'code' | 'modifier' | 'pointer' | 'date' | 'text' | 'alnum';

export interface CellRequest {
  key: string;
  rect: Rect;
  kind: CellKind;
  box: string;
  /**
   * Whether a read of this cell is a possible value (a real date part, a known code, an amount...): an OCR source
   * reads again, differently, when a cell with print fails it, and takes the value its reads agree on.
   */
  accept?: (text: string) => boolean;
  /**
   * Whether a read that is no possible value is one the reader can repair (a code one confusable character from
   * exactly one known code): when no read is a possible value, such a read is taken over others, never as a sure one.
   */
  repairable?: (text: string) => boolean;
  /**
   * Whether a read that is no possible value still has the shape of one (five characters for a procedure code): only
   * such reads, agreed on by several, are taken for a value the checks lack (a retired code) rather than a misread.
   */
  shaped?: (text: string) => boolean;
  /** The part of a read that reads must agree on (an address's ZIP); the whole text when absent. */
  agreeOn?: (text: string) => string;
  /**
   * Possible values a read that is none may be a misread of (known codes one character away): a recogniser that can
   * weigh other readings of its pixels offers the likeliest, never as a sure read.
   */
  candidates?: (text: string) => string[];
  /**
   * A value nothing else on the form checks (a date, a code, units, a ZIP): an OCR source trusts it only when two
   * differently prepared reads agree, however sure one read claims to be.
   */
  twice?: boolean;
  /**
   * A value the bill is priced by (a line's procedure code and charge, the totals): on a grey page (a fax) an OCR
   * source spends one more read on it while it is in doubt.
   */
  priced?: boolean;
}

export interface CellRead {
  text: string;
  confidence: number;
  bbox: Box;
  engine: ExtractionEngine;
  page: number;
  /** How many independent reads (differently prepared pixels) gave this same text, when more than one was made. */
  agreed?: number;
  /** What the other reads of the cell gave, where they differ from `text` (for checks that choose among them). */
  rivals?: string[];
  /** Not what the pixels read as most likely, but the likeliest of the request's candidates (never sure alone). */
  weighed?: boolean;
}

/**
 * The confidence a cell's value is held to when its reads leave it in doubt (a rival read as often, reads that only
 * weighed candidates): low enough that the reader sends it to review.
 */
export const IN_DOUBT = 0.5;

/** Whether a cell was read from pixels (by OCR or Textract), not taken from a text layer. */
export const isMachineRead = (r: CellRead | undefined): boolean => r !== undefined && (r.engine === 'ocr' || r.engine === 'textract');

export interface CellSource {
  page: number;
  frame: FormFrame;
  read(requests: readonly CellRequest[]): Promise<Map<string, CellRead>>;
}

export interface PrintedForm {
  /** Words smaller than this (template points) are the form's own small print, not data. */
  minTextHeight?: number;
  /** Words larger than this are a watermark. */
  maxTextHeight?: number;
  /** The blank form's words and where they start (template points): [text, x, y]. */
  labels?: readonly (readonly [string, number, number])[];
}

/**
 * Cells answered from words already on the page (text layer, AcroForm values, or whole-page OCR), leaving out what
 * the blank form itself prints.
 */
export function wordCellSource(words: PageWords, frame: FormFrame, form: PrintedForm = {}): CellSource {
  const scale = Math.hypot(frame.b, frame.e); // page fraction per template point, vertically
  const labels = new Map<string, { x: number; y: number }[]>();
  for (const [text, x, y] of form.labels ?? []) labels.set(text, [...(labels.get(text) ?? []), { x, y }]);
  const isLabel = (w: Word): boolean => {
    const spots = labels.get(w.text);
    if (!spots) return false;
    const p = toTemplate(frame, w.bbox.left, w.bbox.top);
    return spots.some((s) => Math.abs(s.x - p.x) < 4 && Math.abs(s.y - p.y) < 4);
  };
  const data = words.words.filter((w) => {
    const h = w.bbox.height / scale;
    return h >= (form.minTextHeight ?? 0) && h <= (form.maxTextHeight ?? Infinity) && !isLabel(w);
  });
  return {
    page: words.page,
    frame,
    async read(requests) {
      const out = new Map<string, CellRead>();
      for (const r of requests) {
        const inside = wordsInRect(frame, data, r.rect);
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
