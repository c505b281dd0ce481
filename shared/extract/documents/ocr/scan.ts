// A scanned page made ready for reading: deskewed, its form grid found, its data layer separated from the form.
import { estimateSkew, dataLayer, flattenBackground, formLineMasks, formMask, isColour, rotate, ruledLines, type RuledLine } from './raster.ts';
import type { Raster } from './engine.ts';
import { refineBand, registerGrid, type GridTemplate, type Registration } from './register.ts';
import { frameFor, ocrCellSource, type BandFrame } from './form-cells.ts';
import type { CellRequest, CellSource } from '../cells.ts';
import type { OcrEngine } from './engine.ts';
import { rectify, warpToTemplate } from './rectify.ts';
import { toPage, type FormFrame, type Rect } from '../form-frame.ts';

export interface PreparedScan {
  page: number;
  /** The deskewed colour page. */
  image: Raster;
  /** Its data layer (grey; red form dropped on colour scans). */
  data: Raster;
  colour: boolean;
  skewDegrees: number;
  horizontal: RuledLine[];
  vertical: RuledLine[];
  /** Vertical lines running the whole page height: a fax machine's streaks. */
  streaks: number;
}

export async function prepareScan(input: Raster, page: number): Promise<PreparedScan> {
  const raster = flattenBackground(input);
  const colour = isColour(raster);
  const skew = estimateSkew(formMask(raster, colour), raster.width, raster.height);
  const image = await rotate(raster, -skew);
  let { horizontal, vertical } = foundRules(image, colour);
  // Heavy JPEG compression smears the colour of thin red rules away: find them by their darkness instead.
  if (colour && (vertical.length < 25 || horizontal.length < 40)) ({ horizontal, vertical } = foundRules(image, false));
  const rules = withoutStreaks(vertical, image.height);
  return {
    page,
    image,
    data: dataLayer(image, colour),
    colour,
    skewDegrees: skew,
    horizontal,
    vertical: rules,
    // The edges of a photographed sheet run the whole height too, near the image's sides.
    streaks: vertical.filter((l) => isStreak(l, image.height) && l.at > image.width * 0.04 && l.at < image.width * 0.96).length,
  };
}

export interface FormRegistration extends Registration {
  bands: BandFrame[];
  /** The page resampled onto the template when the form's lines pin it down (the bands are then its one frame). */
  rectified?: RectifiedPage;
}

/** A page warped into template coordinates: template point (x, y) is at page fraction (x / width, y / height). */
export interface RectifiedPage {
  /** The data layer, rectified. */
  data: Raster;
  /** The colour page's pixels of one template region (points), rectified: for reading the form's own print. */
  region(rect: { x: number; y: number; w: number; h: number }): Raster;
  /** Share of the template's ruled lines (by length) found where the fit puts them. */
  coverage: number;
  /** Mean distance of the template's rules from the lines found for them, in page pixels. */
  residual: number;
}

/** Pixels per template point of a rectified page (200 dpi). */
const RECTIFIED_SCALE = 200 / 72;

/** Registers the scan against a form's grid, with a refined frame per band of the form. */
export function registerForm(scan: PreparedScan, grid: GridTemplate, bands: readonly [number, number][]): FormRegistration | null {
  const { width, height } = scan.image;
  const global = registerGrid(scan.horizontal, scan.vertical, width, height, grid);
  if (!global) return null;
  const bandsFrom = (frame: FormFrame): BandFrame[] => [
    ...bands.map(([yFrom, yTo]) => ({ yFrom, yTo, frame: refineBand(frame, scan.horizontal, scan.vertical, width, height, grid, yFrom - 30, yTo + 30) })),
    { yFrom: -Infinity, yTo: Infinity, frame },
  ];
  const banded = bandsFrom(global.frame);
  // From each first guess, the exact fit; the one that puts more of the form's rules on found lines wins.
  const fits = [banded, ...(global.alternative ? [bandsFrom(global.alternative)] : [])].map((guess) => {
    const initial = (x: number, y: number): { u: number; v: number } => {
      const p = toPage(frameFor(guess, y), x, y);
      return { u: p.u * width, v: p.v * height };
    };
    // The first match is loose: a photo's perspective bends the affine first guess by a dozen pixels mid-page.
    return rectify(scan.horizontal, scan.vertical, grid, initial, height * 0.011);
  });
  const fit = fits.reduce((best, f) => (f && (!best || f.coverage > best.coverage) ? f : best), null as (typeof fits)[number]);
  // On a grey page (a fax keeps its heavy rules and loses the thin ones) a third of the form's rules, each within a
  // pixel of where the fit puts it, pins the page down as well. Not on colour pages: a crinkled copy's few rules can
  // agree on a fit that holds only where they are.
  const pinned = fit !== null && (fit.coverage >= 0.4 ? fit.residual <= 3 : !scan.colour && fit.coverage >= 0.33 && fit.residual <= 1);
  if (!fit || !pinned) return { ...global, bands: banded };
  const frame: FormFrame = { a: 1 / grid.width, b: 0, c: 0, d: 0, e: 1 / grid.height, f: 0, residual: fit.residual / height, anchors: 0 };
  return {
    ...global,
    bands: [{ yFrom: -Infinity, yTo: Infinity, frame }],
    rectified: {
      data: warpToTemplate(scan.data, fit.homography, grid.width, grid.height, RECTIFIED_SCALE),
      region: (rect) => warpToTemplate(scan.image, fit.homography, grid.width, grid.height, RECTIFIED_SCALE, rect),
      coverage: fit.coverage,
      residual: fit.residual,
    },
  };
}

/** The registered page's cells, read by OCR: from the rectified data layer when the form's lines pinned it down. */
export function scanCellSource(
  scan: PreparedScan,
  registration: FormRegistration,
  grid: GridTemplate,
  engine: OcrEngine,
  reachUp?: (request: CellRequest) => number,
): CellSource {
  return ocrCellSource({
    page: scan.page,
    data: registration.rectified?.data ?? scan.data,
    exact: registration.rectified !== undefined,
    grey: !scan.colour,
    rules: grid.horizontal,
    bands: registration.bands,
    engine,
    ...(reachUp ? { reachUp } : {}),
  });
}

/** Whether the form's lines pin the page down: an exact fit over most of the grid, close everywhere. */
export function gridFitsExactly(registration: FormRegistration): boolean {
  return registration.rectified !== undefined && registration.rectified.coverage >= 0.55 && registration.rectified.residual <= 3;
}

/** Whether the form's grid was found only in part (a distorted photo, a damaged scan): every value needs a look. */
export function gridFoundInPart(registration: FormRegistration): boolean {
  return registration.rectified
    ? registration.rectified.coverage < 0.6 || registration.rectified.residual > 2
    : registration.coverage < 0.6 || registration.frame.residual > 0.0015;
}

/** OCR of the form's own print in one template region (a title, a row of labels), located by the registration. */
export async function readTemplateRegion(scan: PreparedScan, registration: FormRegistration, rect: Rect, engine: OcrEngine): Promise<string> {
  let image = scan.image;
  let box = { left: 0, top: 0, width: 0, height: 0 };
  if (registration.rectified) {
    image = registration.rectified.region(rect);
    box = { left: 0, top: 0, width: image.width, height: image.height };
  } else {
    const frame = registration.bands[registration.bands.length - 1]!.frame;
    const tl = toPage(frame, rect.x, rect.y);
    const br = toPage(frame, rect.x + rect.w, rect.y + rect.h);
    box = { left: Math.max(0, tl.u * image.width), top: Math.max(0, tl.v * image.height), width: (br.u - tl.u) * image.width, height: (br.v - tl.v) * image.height };
  }
  const words = await engine.recognizeRegion(image, scan.page, { ...box, alphabet: 'any', singleLine: false });
  return words.map((w) => w.text.toUpperCase()).join(' ');
}

/**
 * The same page with its rules found again past a red form's row shading (see formLineMasks' `shaded`): for a colour
 * page whose grid did not register well, as a blurred scan or a photo of a shaded red form registers poorly.
 */
export function withoutShading(scan: PreparedScan): PreparedScan {
  const { horizontal, vertical } = foundRules(scan.image, true, true);
  return { ...scan, horizontal, vertical: withoutStreaks(vertical, scan.image.height) };
}

/** The page's ruled lines in both directions (see formLineMasks for `colour` and `shaded`). */
function foundRules(image: Raster, colour: boolean, shaded = false): { horizontal: RuledLine[]; vertical: RuledLine[] } {
  const masks = formLineMasks(image, colour, 7, shaded);
  return {
    horizontal: ruledLines(masks.horizontal, image.width, image.height, 'horizontal', 30),
    vertical: ruledLines(masks.vertical, image.width, image.height, 'vertical', 25),
  };
}

/**
 * A fax streak runs the whole page; the form's longest rules, its borders, stop well short of its edges. Taken for a
 * rule (a border, most often), a streak would set the fit's horizontal scale and, once the page is deskewed, its slant.
 */
const isStreak = (line: RuledLine, height: number): boolean => line.to - line.from >= height * 0.9;
const withoutStreaks = (vertical: RuledLine[], height: number): RuledLine[] => vertical.filter((l) => !isStreak(l, height));
