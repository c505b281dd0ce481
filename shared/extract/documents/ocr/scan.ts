// A scanned page made ready for reading: deskewed, its form grid found, its data layer separated from the form.
import { estimateSkew, dataLayer, flattenBackground, formMask, isColour, rotate, ruledLines, type RuledLine } from './raster.ts';
import type { Raster } from './engine.ts';
import { refineBand, registerGrid, type GridTemplate, type Registration } from './register.ts';
import type { BandFrame } from './form-cells.ts';

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
}

export async function prepareScan(input: Raster, page: number): Promise<PreparedScan> {
  const raster = flattenBackground(input);
  const colour = isColour(raster);
  const skew = estimateSkew(formMask(raster, colour), raster.width, raster.height);
  const image = await rotate(raster, -skew);
  const mask = formMask(image, colour);
  return {
    page,
    image,
    data: dataLayer(image, colour),
    colour,
    skewDegrees: skew,
    horizontal: ruledLines(mask, image.width, image.height, 'horizontal', 30),
    vertical: ruledLines(mask, image.width, image.height, 'vertical', 25),
  };
}

export interface FormRegistration extends Registration {
  bands: BandFrame[];
}

/** Registers the scan against a form's grid, with a refined frame per band of the form. */
export function registerForm(scan: PreparedScan, grid: GridTemplate, bands: readonly [number, number][]): FormRegistration | null {
  const { width, height } = scan.image;
  const global = registerGrid(scan.horizontal, scan.vertical, width, height, grid);
  if (!global) return null;
  return {
    ...global,
    bands: [
      ...bands.map(([yFrom, yTo]) => ({ yFrom, yTo, frame: refineBand(global.frame, scan.horizontal, scan.vertical, width, height, grid, yFrom - 30, yTo + 30) })),
      { yFrom: -Infinity, yTo: Infinity, frame: global.frame },
    ],
  };
}
