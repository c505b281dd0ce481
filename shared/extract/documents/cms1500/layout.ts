// Finds where a CMS-1500 sits on a page: by its printed labels when the page has them, else by its data grid.
import { frameFromAnchors, type Anchor } from '../anchors.ts';
import { identityFrame, wordsInRect, type FormFrame } from '../form-frame.ts';
import { parseMoney } from '../field-checks.ts';
import type { PageWords } from '../words.ts';
import { CMS1500_HEADER, CMS1500_PAGE, lineCell } from './template.ts';

/**
 * Printed labels of the form and where their first letter sits in the template (points, top-left origin). Each is a
 * short run of words that rarely occurs elsewhere on the form.
 */
export const CMS1500_ANCHORS: Anchor[] = [
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

/** The frame of a CMS-1500 page: fitted to its printed labels when at least four are found, else assumed. */
export function cms1500Frame(page: PageWords): FormFrame {
  return frameFromAnchors(page.words, CMS1500_ANCHORS) ?? identityFrame(CMS1500_PAGE.width, CMS1500_PAGE.height);
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
