// Reads a scanned or photographed CMS-1500: registers the page on the form's ruled lines (rectified onto the template
// when they pin it down), confirms it by its printed title or the fit itself, then reads the cells by OCR strip by strip.
import type { ExtractionProblem } from '../../extraction-result.ts';
import type { Bill } from '../../../model/bill.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { gridFitsExactly, gridFoundInPart, readTemplateRegion, registerForm, scanCellSource, type PreparedScan, type FormRegistration } from '../ocr/scan.ts';
import { CMS1500_GRID } from './grid.ts';
import { readCms1500 } from './read.ts';

/** Bands of the form that get a frame of their own: header boxes, box 24, boxes 25-33. */
const BANDS: [number, number][] = [
  [90, 470],
  [500, 675],
  [660, 765],
];

/** The title printed above box 1, in template points. */
const TITLE = { x: 12, y: 50, w: 225, h: 22 };

export interface Cms1500Scan {
  registration: FormRegistration;
}

/** Whether the scan is a CMS-1500: its grid registers and its printed title reads as the form's. */
export async function recogniseCms1500(scan: PreparedScan, engine: OcrEngine): Promise<FormRegistration | null> {
  const registration = registerForm(scan, CMS1500_GRID, BANDS);
  if (!registration || registration.coverage < 0.3) return null;
  // Most of the form's 50-odd rules found where an exact fit puts them is itself the form's signature (the title
  // may be stained or faded past reading); the title is read only when the fit alone does not settle it.
  if (gridFitsExactly(registration)) return registration;
  const title = await readTemplateRegion(scan, registration, TITLE, engine);
  const hits = ['HEALTH', 'INSURANCE', 'CLAIM', 'FORM'].filter((t) => title.includes(t)).length;
  return hits >= 2 || (hits >= 1 && registration.coverage >= 0.6) ? registration : null;
}

export async function readCms1500Scan(
  scan: PreparedScan,
  registration: FormRegistration,
  engine: OcrEngine,
  claimIndex: number,
): Promise<{ bill: Bill; problems: ExtractionProblem[] }> {
  // Box 24 print may ride into the line's shaded upper half; other boxes' print sits on their lower edge.
  const source = scanCellSource(scan, registration, CMS1500_GRID, engine, (r) => (r.box.startsWith('24') ? 11 : 2));
  const result = await readCms1500(source, claimIndex);
  const partial = gridFoundInPart(registration);
  if (partial) {
    const reason = `page ${scan.page}: the form's printed grid was found only in part (a distorted photo or a damaged scan); every value needs checking`;
    result.bill.reviewReasons.push(reason);
    result.problems.push({ claimIndex, where: `page ${scan.page}`, message: reason, fatal: false });
  }
  return result;
}
