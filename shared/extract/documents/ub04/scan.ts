// Reads a scanned or photographed UB-04 the way the CMS-1500 is read: registered on the form's ruled lines (rectified
// onto the template when they pin it down), confirmed by the fit or by its printed totals row, then read cell by cell.
import { toPage } from '../form-frame.ts';
import { ocrCellSource } from '../ocr/form-cells.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import { registerForm, type FormRegistration, type PreparedScan } from '../ocr/scan.ts';
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
  if (registration.rectified && registration.rectified.coverage >= 0.55 && registration.rectified.residual <= 3) return registration;
  const region = registration.rectified ? registration.rectified.region(TOTALS_ROW) : null;
  const image = region ?? scan.image;
  const box = region
    ? { left: 0, top: 0, width: image.width, height: image.height }
    : (() => {
        const frame = registration.bands[registration.bands.length - 1]!.frame;
        const tl = toPage(frame, TOTALS_ROW.x, TOTALS_ROW.y);
        const br = toPage(frame, TOTALS_ROW.x + TOTALS_ROW.w, TOTALS_ROW.y + TOTALS_ROW.h);
        return { left: Math.max(0, tl.u * image.width), top: Math.max(0, tl.v * image.height), width: (br.u - tl.u) * image.width, height: (br.v - tl.v) * image.height };
      })();
  const words = await engine.recognizeRegion(image, scan.page, { ...box, alphabet: 'any', singleLine: false });
  const text = words.map((w) => w.text.toUpperCase()).join(' ');
  return TOTALS_ROW_WORDS.filter((t) => text.includes(t)).length >= 2 ? registration : null;
}

/** The page's cells read from its pixels; a partly found grid is said so on the page (the claim reader flags it). */
export async function readUb04Scan(scan: PreparedScan, registration: FormRegistration, engine: OcrEngine): Promise<Ub04Page> {
  const source = ocrCellSource({
    page: scan.page,
    data: registration.rectified?.data ?? scan.data,
    exact: registration.rectified !== undefined,
    grey: !scan.colour,
    rules: UB04_GRID.horizontal,
    bands: registration.bands,
    engine,
  });
  const page = await readUb04Page(source);
  const partial = registration.rectified
    ? registration.rectified.coverage < 0.6 || registration.rectified.residual > 2
    : registration.coverage < 0.6 || registration.frame.residual > 0.0015;
  return partial ? { ...page, gridFoundInPart: true } : page;
}
