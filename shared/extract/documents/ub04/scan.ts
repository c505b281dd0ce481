// Reads a scanned or photographed UB-04 the way the CMS-1500 is read: registered on the form's ruled lines (rectified
// onto the template when they pin it down), confirmed by the fit or by its printed totals row, then read cell by cell.
import type { OcrEngine } from '../ocr/engine.ts';
import { gridFitsExactly, gridFoundInPart, readTemplateRegion, registerForm, scanCellSource, type FormRegistration, type PreparedScan } from '../ocr/scan.ts';
import { UB04_GRID } from './grid.ts';
import { readUb04Page, type Ub04Page } from './read.ts';

/** Bands of the form that get a frame of their own: header locators, the line table, payer to remarks. */
const BANDS: [number, number][] = [
  [10, 210],
  [200, 500],
  [480, 775],
];

/** Row 23's printed labels ("PAGE ___ OF ___ CREATION DATE ... TOTALS"), in template points. */
const TOTALS_ROW = { x: 44, y: 479, w: 300, h: 15 };
const TOTALS_ROW_WORDS = ['PAGE', 'CREATION', 'DATE', 'TOTALS'];

/** Whether the scan is a UB-04: its grid registers and either fits exactly or its totals row reads as the form's. */
export async function recogniseUb04(scan: PreparedScan, engine: OcrEngine): Promise<FormRegistration | null> {
  const registration = registerForm(scan, UB04_GRID, BANDS);
  if (!registration || registration.coverage < 0.3) return null;
  if (gridFitsExactly(registration)) return registration;
  const text = await readTemplateRegion(scan, registration, TOTALS_ROW, engine);
  return TOTALS_ROW_WORDS.filter((t) => text.includes(t)).length >= 2 ? registration : null;
}

/** The page's cells read from its pixels; a partly found grid is said so on the page (the claim reader flags it). */
export async function readUb04Scan(scan: PreparedScan, registration: FormRegistration, engine: OcrEngine): Promise<Ub04Page> {
  const page = await readUb04Page(scanCellSource(scan, registration, UB04_GRID, engine));
  return gridFoundInPart(registration) ? { ...page, gridFoundInPart: true } : page;
}
