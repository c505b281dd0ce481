// The words-with-boxes layer every document reader works on, whichever engine produced the words.
import type { ExtractionEngine } from '../../model/provenance.ts';

/** A box in page fractions (0..1), origin top-left. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Word {
  text: string;
  /** 1-based page number. */
  page: number;
  bbox: Box;
  /** 0..1; text-layer words are 1. */
  confidence: number;
  engine: ExtractionEngine;
  /** The word's characters with their own boxes, when the engine gives them (OCR of packed cells). */
  symbols?: { text: string; bbox: Box; confidence: number }[];
}

/** One page of words, with the page's size in points (PDF) or pixels (images) for aspect-aware geometry. */
export interface PageWords {
  page: number;
  width: number;
  height: number;
  words: Word[];
  /** AcroForm field values on this page, by field name, when the PDF had a filled form. */
  fields?: Record<string, string>;
}

export const centerX = (b: Box): number => b.left + b.width / 2;
export const centerY = (b: Box): number => b.top + b.height / 2;

export function unionBox(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { left: 0, top: 0, width: 0, height: 0 };
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.left + b.width));
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  return { left, top, width: right - left, height: bottom - top };
}

/** Groups words into text lines (top to bottom), each sorted left to right. */
export function groupLines(words: readonly Word[]): Word[][] {
  const sorted = [...words].sort((a, b) => centerY(a.bbox) - centerY(b.bbox));
  const lines: { y: number; h: number; words: Word[] }[] = [];
  for (const w of sorted) {
    const cy = centerY(w.bbox);
    const line = lines.find((l) => Math.abs(l.y - cy) < Math.max(l.h, w.bbox.height) * 0.5);
    if (line) {
      line.words.push(w);
      line.y = line.words.reduce((s, x) => s + centerY(x.bbox), 0) / line.words.length;
      // The line's usual height: a stray tall word (a streak read through) must not make it swallow the next lines.
      line.h = middleOf(line.words.map((x) => x.bbox.height));
    } else lines.push({ y: cy, h: w.bbox.height, words: [w] });
  }
  return lines
    .sort((a, b) => a.y - b.y)
    .map((l) => l.words.sort((a, b) => a.bbox.left - b.bbox.left));
}

/**
 * Where a text line runs, top to bottom: its words' middle top and bottom. A stray tall word on the line (a fax
 * streak read as "]") would otherwise stretch it over the next lines.
 */
export function lineBand(line: readonly Word[]): { top: number; bottom: number } {
  return { top: middleOf(line.map((w) => w.bbox.top)), bottom: middleOf(line.map((w) => w.bbox.top + w.bbox.height)) };
}

/** The middle value (the upper one of an even count): a median that is one of the values. */
const middleOf = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The text of words read in order, lines joined by newlines. */
export function wordsText(words: readonly Word[]): string {
  return groupLines(words)
    .map((l) => l.map((w) => w.text).join(' '))
    .join('\n');
}
