// Finds where a CMS-1500 sits on a page: by its printed labels when the page has them, else by its data grid.
import { fitFrame, identityFrame, wordsInRect, type FormFrame } from '../form-frame.ts';
import { parseMoney } from '../field-checks.ts';
import type { PageWords, Word } from '../words.ts';
import { CMS1500_HEADER, CMS1500_PAGE, lineCell } from './template.ts';

/**
 * Printed labels of the form and where their first letter sits in the template (points, top-left origin). Each is a
 * short run of words that rarely occurs elsewhere on the form.
 */
export const CMS1500_ANCHORS: { words: string[]; x: number; y: number }[] = [
  { words: ['HEALTH', 'INSURANCE', 'CLAIM', 'FORM'], x: 17, y: 49 },
  { words: ['INSURED\'S', 'I.D.', 'NUMBER'], x: 382, y: 93 },
  { words: ['PATIENT\'S', 'NAME'], x: 24, y: 116 },
  { words: ['PATIENT\'S', 'BIRTH', 'DATE'], x: 240, y: 116 },
  { words: ['INSURED\'S', 'NAME'], x: 382, y: 116 },
  { words: ['PATIENT\'S', 'ADDRESS'], x: 24, y: 139 },
  { words: ['OTHER', 'INSURED\'S', 'NAME'], x: 24, y: 212 },
  { words: ['INSURED\'S', 'POLICY', 'GROUP'], x: 382, y: 212 },
  { words: ['DATE', 'OF', 'CURRENT', 'ILLNESS'], x: 24, y: 373 },
  { words: ['NAME', 'OF', 'REFERRING', 'PROVIDER'], x: 24, y: 396 },
  { words: ['ADDITIONAL', 'CLAIM', 'INFORMATION'], x: 24, y: 420 },
  { words: ['DIAGNOSIS', 'OR', 'NATURE', 'OF', 'ILLNESS'], x: 24, y: 443 },
  { words: ['PRIOR', 'AUTHORIZATION', 'NUMBER'], x: 382, y: 467 },
  { words: ['FEDERAL', 'TAX', 'I.D.', 'NUMBER'], x: 24, y: 664 },
  { words: ['PATIENT\'S', 'ACCOUNT', 'NO.'], x: 186, y: 664 },
  { words: ['ACCEPT', 'ASSIGNMENT?'], x: 284, y: 664 },
  { words: ['TOTAL', 'CHARGE'], x: 382, y: 664 },
  { words: ['AMOUNT', 'PAID'], x: 475, y: 664 },
  { words: ['SERVICE', 'FACILITY', 'LOCATION', 'INFORMATION'], x: 184, y: 689 },
  { words: ['BILLING', 'PROVIDER', 'INFO'], x: 384, y: 689 },
  { words: ['PLEASE', 'PRINT', 'OR', 'TYPE'], x: 245, y: 766 },
];

const norm = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Finds each anchor's label among the words; returns template/page point pairs. */
export function findAnchors(words: readonly Word[]): { x: number; y: number; u: number; v: number }[] {
  const tokens = words.map((w) => ({ w, t: norm(w.text) })).filter((x) => x.t !== '');
  const pairs: { x: number; y: number; u: number; v: number }[] = [];
  for (const anchor of CMS1500_ANCHORS) {
    const want = anchor.words.map(norm);
    const hits: Word[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.t !== want[0]) continue;
      // The rest of the label must follow on the same line, left to right, close by.
      let ok = true;
      let prev = tokens[i]!.w;
      for (let k = 1; k < want.length && ok; k++) {
        const next = tokens.find(
          (x) =>
            x.t === want[k] &&
            x.w.page === prev.page &&
            x.w.bbox.left > prev.bbox.left &&
            x.w.bbox.left - (prev.bbox.left + prev.bbox.width) < 0.05 &&
            Math.abs(x.w.bbox.top + x.w.bbox.height / 2 - (prev.bbox.top + prev.bbox.height / 2)) < prev.bbox.height * 0.8,
        );
        if (next) prev = next.w;
        else ok = false;
      }
      if (ok) hits.push(tokens[i]!.w);
    }
    if (hits.length === 1) pairs.push({ x: anchor.x, y: anchor.y, u: hits[0]!.bbox.left, v: hits[0]!.bbox.top });
  }
  return pairs;
}

/** The frame of a CMS-1500 page: fitted to its printed labels when at least four are found, else assumed. */
export function cms1500Frame(page: PageWords): FormFrame {
  const pairs = findAnchors(page.words);
  const fitted = pairs.length >= 4 ? fitFrame(pairs) : null;
  if (fitted && fitted.residual < 0.02) return fitted;
  return identityFrame(CMS1500_PAGE.width, CMS1500_PAGE.height);
}

/** Whether values sit where a CMS-1500 keeps them (for data-only pages without printed labels). */
export function cms1500DataGridFits(page: PageWords, frame: FormFrame): boolean {
  let rows = 0;
  for (let n = 1; n <= 6; n++) {
    const month = wordsInRect(frame, page.words, lineCell(n, 'fromMonth')).map((w) => w.text).join('');
    const charge = wordsInRect(frame, page.words, lineCell(n, 'charge')).map((w) => w.text).join(' ');
    if (/^\d{1,2}$/.test(month) && parseMoney(charge) !== null) rows += 1;
  }
  const total = wordsInRect(frame, page.words, CMS1500_HEADER.totalCharge!.rect).map((w) => w.text).join(' ');
  return rows >= 1 && parseMoney(total) !== null;
}
