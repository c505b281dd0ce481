// The CMS-1500 (02/12) form's geometry in its own coordinates: points on a 612 x 792 page, origin top-left.
// Cells follow the printed boxes of the NUCC form; a page is mapped onto them by a FormFrame fitted to printed labels.
import type { Rect } from '../form-frame.ts';

export const CMS1500_PAGE = { width: 612, height: 792 } as const;

/** Header boxes, by the NUCC box number they carry. */
export const CMS1500_HEADER: Record<string, { box: string; rect: Rect }> = {
  payerName: { box: 'carrier', rect: { x: 318, y: 24, w: 240, h: 14 } },
  insuredId: { box: '1a', rect: { x: 374, y: 104, w: 216, h: 16 } },
  patientName: { box: '2', rect: { x: 21, y: 127, w: 205, h: 16 } },
  icdIndicator: { box: '21', rect: { x: 310, y: 455, w: 22, h: 16 } },
  taxId: { box: '25', rect: { x: 18, y: 678, w: 116, h: 18 } },
  accountNumber: { box: '26', rect: { x: 175, y: 678, w: 108, h: 18 } },
  totalCharge: { box: '28', rect: { x: 376, y: 678, w: 76, h: 18 } },
  amountPaid: { box: '29', rect: { x: 458, y: 678, w: 66, h: 18 } },
  facilityName: { box: '32', rect: { x: 175, y: 704, w: 196, h: 12.5 } },
  facilityStreet: { box: '32', rect: { x: 175, y: 716.5, w: 196, h: 12 } },
  facilityCity: { box: '32', rect: { x: 175, y: 728.5, w: 196, h: 12.5 } },
  facilityNpi: { box: '32a', rect: { x: 176, y: 742, w: 86, h: 15 } },
  billingPhone: { box: '33', rect: { x: 470, y: 694, w: 120, h: 12 } },
  billingName: { box: '33', rect: { x: 369, y: 705, w: 220, h: 12 } },
  billingStreet: { box: '33', rect: { x: 369, y: 717, w: 220, h: 12 } },
  billingCity: { box: '33', rect: { x: 369, y: 729, w: 220, h: 12.5 } },
  billingNpi: { box: '33a', rect: { x: 372, y: 742, w: 86, h: 15 } },
};

/** Box 21 diagnosis cells A-L (three rows of four). */
export const CMS1500_DIAGNOSES: Rect[] = [465, 477, 489].flatMap((y) =>
  [28, 121, 215, 309].map((x) => ({ x, y, w: 60, h: 12.5 })),
);

/** Box 24 columns (x range) of the unshaded half of each service line. */
export const CMS1500_LINE_COLUMNS = {
  fromMonth: { box: '24A', x: 17, w: 22 },
  fromDay: { box: '24A', x: 39, w: 21 },
  fromYear: { box: '24A', x: 60, w: 22.5 },
  toMonth: { box: '24A', x: 82.5, w: 21 },
  toDay: { box: '24A', x: 103.5, w: 22 },
  toYear: { box: '24A', x: 125.5, w: 21 },
  placeOfService: { box: '24B', x: 146.5, w: 24 },
  emergency: { box: '24C', x: 170.5, w: 21 },
  code: { box: '24D', x: 191.5, w: 53 },
  modifier1: { box: '24D', x: 244.5, w: 25 },
  modifier2: { box: '24D', x: 269.5, w: 21 },
  modifier3: { box: '24D', x: 290.5, w: 22 },
  modifier4: { box: '24D', x: 312.5, w: 22 },
  pointer: { box: '24E', x: 334.5, w: 36.5 },
  charge: { box: '24F', x: 371, w: 63.5 },
  units: { box: '24G', x: 434.5, w: 30 },
  epsdt: { box: '24H', x: 464.5, w: 14 },
  qualifier: { box: '24I', x: 478.5, w: 24 },
  renderingNpi: { box: '24J', x: 502.5, w: 88 },
} as const;
export type Cms1500LineColumn = keyof typeof CMS1500_LINE_COLUMNS;

/** The unshaded (data) half of service line n (1..6): 24 points apart. */
export function lineRow(line: number): { y: number; h: number } {
  return { y: 539 + 24 * (line - 1), h: 14 };
}

export function lineCell(line: number, column: Cms1500LineColumn): Rect {
  const c = CMS1500_LINE_COLUMNS[column];
  const r = lineRow(line);
  return { x: c.x, y: r.y, w: c.w, h: r.h };
}
