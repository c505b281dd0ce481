// Finds where a CMS-1500 sits on a page: by its printed labels when the page has them, else by its data grid.
import { frameFromAnchors, type Anchor } from '../anchors.ts';
import { identityFrame, wordsInRect, type FormFrame } from '../form-frame.ts';
import { parseMoney } from '../field-checks.ts';
import type { PageWords } from '../words.ts';
import { CMS1500_HEADER, CMS1500_PAGE, lineCell } from './template.ts';

/**
 * Printed labels of the form and where their first word's top-left sits in the template (points, top-left origin),
 * as measured by OCR of the blank form's artwork. Each is a short run of words found once on the form.
 */
export const CMS1500_ANCHORS: Anchor[] = [
  { words: ['HEALTH', 'INSURANCE', 'CLAIM', 'FORM'], x: 20, y: 58 },
  { words: ['(For', 'Program', 'in', 'Item'], x: 508, y: 99 },
  { words: ['PATIENT\'S', 'NAME'], x: 29, y: 123 },
  { words: ['PATIENT\'S', 'BIRTH', 'DATE'], x: 236, y: 123 },
  { words: ['INSURED\'S', 'NAME'], x: 380, y: 123 },
  { words: ['PATIENT\'S', 'ADDRESS'], x: 29, y: 145 },
  { words: ['PATIENT', 'RELATIONSHIP', 'TO', 'INSURED'], x: 236, y: 146 },
  { words: ['OTHER', 'INSURED\'S', 'NAME'], x: 30, y: 219 },
  { words: ['IS', 'PATIENT\'S', 'CONDITION', 'RELATED'], x: 239, y: 219 },
  { words: ['INSURED\'S', 'POLICY', 'GROUP'], x: 384, y: 219 },
  { words: ['READ', 'BACK', 'OF', 'FORM'], x: 93, y: 339 },
  { words: ['ADDITIONAL', 'CLAIM', 'INFORMATION'], x: 33, y: 434 },
  { words: ['DIAGNOSIS', 'OR', 'NATURE', 'OF', 'ILLNESS'], x: 33, y: 458 },
  { words: ['PRIOR', 'AUTHORIZATION', 'NUMBER'], x: 384, y: 483 },
  { words: ['FEDERAL', 'TAX'], x: 33, y: 674 },
  { words: ['PATIENT\'S', 'ACCOUNT', 'NO.'], x: 191, y: 675 },
  { words: ['TOTAL', 'CHARGE'], x: 384, y: 674 },
  { words: ['AMOUNT', 'PAID'], x: 465, y: 675 },
  { words: ['SERVICE', 'FACILITY', 'LOCATION', 'INFORMATION'], x: 191, y: 699 },
  { words: ['BILLING', 'PROVIDER', 'INFO'], x: 384, y: 699 },
  { words: ['PLEASE', 'PRINT', 'OR', 'TYPE'], x: 250, y: 760 },
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
