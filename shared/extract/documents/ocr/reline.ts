// A whole-page read's text lines read again by the line recogniser. On a fax, streaks run down the page through the
// words: tesseract splits a word at each streak and loses the characters under it, while the recogniser reads through
// them. Each line tesseract found (its words side by side) is cut from the page and read as one line; its characters
// are grouped back into words by the spaces and gaps between them, placed where the model's frames put them.
import { lineBand, unionBox, type Word } from '../words.ts';
import type { OcrEngine, Raster } from './engine.ts';
import { crop } from './raster.ts';

/** The words of a page read again line by line; the page's words as they were when the engine has no recogniser. */
export async function relineWords(words: Word[], image: Raster, engine: OcrEngine): Promise<Word[]> {
  if (!engine.readLines || words.length === 0) return words;
  const { width: pw, height: ph } = image;
  const lines = textLines(words);
  const cuts = lines.map((line) => {
    // Across the line's words, but only as high as most of them: a word read through a streak can be rows tall.
    const band = lineBand(line);
    const union = unionBox(line.map((w) => w.bbox));
    const box = { ...union, top: band.top, height: band.bottom - band.top };
    const rise = box.height * 0.25;
    const margin = Math.round(box.height * ph * 0.6);
    const left = Math.max(0, Math.floor(box.left * pw) - margin);
    const right = Math.min(pw, Math.ceil((box.left + box.width) * pw) + margin);
    const top = Math.max(0, Math.floor((box.top - rise) * ph));
    const bottom = Math.min(ph, Math.ceil((box.top + box.height + rise) * ph));
    return { box, left, top, image: crop(image, left, top, right - left, bottom - top) };
  });
  const reads = await engine.readLines(cuts.map((c) => c.image), ['any']);
  const out: Word[] = [];
  lines.forEach((line, n) => {
    const cut = cuts[n]!;
    const read = reads[n]!;
    const page = line[0]!.page;
    // A line the recogniser reads as nothing keeps tesseract's words (a logo, a signature).
    if (read.text.trim() === '') return out.push(...line);
    const lineHeight = cut.box.height * ph;
    // The line's character pitch: the usual distance between neighbouring characters' middles. The recogniser often
    // reads no space between words (its dictionary is mostly Chinese): a gap well over the pitch is one.
    const middles = read.symbols.filter((x) => x.text !== ' ').map((x) => cut.left + ((x.x0 + x.x1) / 2) * cut.image.width);
    const steps = middles.slice(1).map((m, i) => m - middles[i]!).sort((a, b) => a - b);
    const pitch = steps.length ? steps[Math.floor(steps.length / 2)]! : lineHeight;
    let previous = -Infinity;
    let current: { text: string; x0: number; x1: number; confidence: number } | null = null;
    const flush = (): void => {
      if (current)
        out.push({
          text: current.text,
          page,
          bbox: { left: current.x0 / pw, top: cut.box.top, width: (current.x1 - current.x0) / pw, height: cut.box.height },
          confidence: current.confidence,
          engine: 'ocr',
        });
      current = null;
    };
    for (const symbol of read.symbols) {
      const x0 = cut.left + symbol.x0 * cut.image.width;
      const x1 = cut.left + symbol.x1 * cut.image.width;
      const middle = (x0 + x1) / 2;
      // A space, or a step from the last character well over the line's pitch, ends a word.
      if (symbol.text === ' ' || middle - previous > pitch * 1.6) flush();
      if (symbol.text === ' ') continue;
      previous = middle;
      if (!current) current = { text: '', x0: x0 - lineHeight * 0.25, x1, confidence: symbol.confidence };
      current.text += symbol.text;
      current.x1 = x1 + lineHeight * 0.25;
      current.confidence = Math.min(current.confidence, symbol.confidence);
    }
    flush();
  });
  return out;
}

/** Words grouped into lines: those whose middles lie within half a word's height of one another, left to right. */
function textLines(words: Word[]): Word[][] {
  const lines: { middle: number; height: number; words: Word[] }[] = [];
  for (const word of [...words].sort((a, b) => a.bbox.top + a.bbox.height / 2 - (b.bbox.top + b.bbox.height / 2))) {
    const middle = word.bbox.top + word.bbox.height / 2;
    const line = lines.find((l) => Math.abs(l.middle - middle) < Math.min(l.height, word.bbox.height) * 0.5);
    if (line) line.words.push(word);
    else lines.push({ middle, height: word.bbox.height, words: [word] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.bbox.left - b.bbox.left));
}
