// What the document readers need from an OCR engine, whichever one (local tesseract.js, a test double) answers.
import type { Word } from '../words.ts';

/** A greyscale or RGBA raster: pixels row by row, `channels` bytes each. */
export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** Which characters a region may hold; engines that can restrict their alphabet use it. */
export type OcrAlphabet = 'any' | 'digits' | 'money' | 'code' | 'date' | 'alnum';

/** The characters of each alphabet ('any': what a form's text holds). The space keeps words apart. */
export const ALPHABET_CHARACTERS: Record<OcrAlphabet, string> = {
  any: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-/$#&()\':;%',
  digits: '0123456789 ',
  money: '0123456789.,$- ',
  date: '0123456789/- ',
  code: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-/ ',
};

export interface OcrRegionRequest {
  /** Pixel rectangle within the raster. */
  left: number;
  top: number;
  width: number;
  height: number;
  alphabet: OcrAlphabet;
  /** A single line of text (most form cells) rather than a block. */
  singleLine: boolean;
  /** Also return each word's characters with their boxes (Word.symbols). */
  symbols?: boolean;
}

/** One character of a line read: its text, its span as fractions of the line image's width, how sure it is. */
export interface LineSymbol {
  text: string;
  x0: number;
  x1: number;
  confidence: number;
}

/** A line image read as one line of text. */
export interface LineRead {
  text: string;
  /** The least sure character's confidence (0 for an empty read). */
  confidence: number;
  symbols: LineSymbol[];
  /** The log-probability that the line reads as `text` instead (a recogniser that can weigh other readings). */
  likelihood?: (text: string) => number;
}

export interface OcrEngine {
  /** Words of a whole page, boxes in page fractions. */
  recognizePage(image: Raster, page: number): Promise<Word[]>;
  /** Words within one region of a page, boxes in page fractions of the whole raster. */
  recognizeRegion(image: Raster, page: number, region: OcrRegionRequest): Promise<Word[]>;
  /**
   * Each image read as one line of print holding only the alphabets' characters (an engine with a line recogniser;
   * form cells are then read by it first).
   */
  readLines?(images: Raster[], alphabets: readonly OcrAlphabet[]): Promise<LineRead[]>;
  /** Frees the engine's workers; the engine may not be used afterwards. */
  close(): Promise<void>;
}
