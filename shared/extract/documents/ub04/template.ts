// The UB-04 (CMS-1450) form's geometry in its own coordinates: points on a 612 x 792 page, origin top-left, and the
// printed labels a page is anchored by.
import type { Anchor } from '../anchors.ts';
import type { Rect } from '../form-frame.ts';

export const UB04_PAGE = { width: 612, height: 792 } as const;

export const UB04_ANCHORS: Anchor[] = [
  { words: ['STATEMENT', 'COVERS', 'PERIOD'], x: 459, y: 37 },
  { words: ['FED.', 'TAX', 'NO.'], x: 377, y: 39 },
  { words: ['PATIENT', 'NAME'], x: 17, y: 63 },
  { words: ['PATIENT', 'ADDRESS'], x: 233, y: 63 },
  { words: ['CONDITION', 'CODES'], x: 338, y: 85 },
  { words: ['REV.', 'CD.'], x: 19, y: 208 },
  { words: ['DESCRIPTION'], x: 54, y: 208 },
  { words: ['HCPCS', 'RATE'], x: 234, y: 208 },
  { words: ['SERV.', 'DATE'], x: 341, y: 208 },
  { words: ['SERV.', 'UNITS'], x: 391, y: 208 },
  { words: ['TOTAL', 'CHARGES'], x: 449, y: 208 },
  { words: ['NON-COVERED', 'CHARGES'], x: 521, y: 208 },
  { words: ['CREATION', 'DATE'], x: 254, y: 481 },
  { words: ['PAYER', 'NAME'], x: 20, y: 496 },
  { words: ['HEALTH', 'PLAN', 'ID'], x: 186, y: 496 },
  { words: ['PRIOR', 'PAYMENTS'], x: 330, y: 496 },
  { words: ['EST.', 'AMOUNT', 'DUE'], x: 401, y: 496 },
  { words: ['INSURANCE', 'GROUP', 'NO.'], x: 481, y: 544 },
  { words: ['TREATMENT', 'AUTHORIZATION', 'CODES'], x: 20, y: 592 },
  { words: ['DOCUMENT', 'CONTROL', 'NUMBER'], x: 243, y: 592 },
  { words: ['EMPLOYER', 'NAME'], x: 432, y: 592 },
  { words: ['ATTENDING', 'NPI'], x: 382, y: 676 },
  { words: ['OPERATING', 'NPI'], x: 382, y: 700 },
  { words: ['REMARKS'], x: 20, y: 724 },
];

/** Header form locators (FL), by what they hold. */
export const UB04_HEADER: Record<string, { box: string; rect: Rect }> = {
  providerLine1: { box: 'FL1', rect: { x: 11, y: 12, w: 180, h: 12 } },
  providerLine2: { box: 'FL1', rect: { x: 11, y: 24, w: 180, h: 12 } },
  providerLine3: { box: 'FL1', rect: { x: 11, y: 36, w: 180, h: 12 } },
  providerLine4: { box: 'FL1', rect: { x: 11, y: 48, w: 180, h: 12 } },
  patientControl: { box: 'FL3a', rect: { x: 398, y: 11, w: 166, h: 12 } },
  medicalRecord: { box: 'FL3b', rect: { x: 398, y: 23, w: 166, h: 12 } },
  typeOfBill: { box: 'FL4', rect: { x: 565, y: 23, w: 45, h: 13 } },
  taxId: { box: 'FL5', rect: { x: 371, y: 46, w: 73, h: 13 } },
  statementFrom: { box: 'FL6', rect: { x: 443, y: 47, w: 51, h: 13 } },
  statementThrough: { box: 'FL6', rect: { x: 494, y: 47, w: 52, h: 13 } },
  patientId: { box: 'FL8a', rect: { x: 90, y: 60, w: 137, h: 12 } },
  patientName: { box: 'FL8b', rect: { x: 11, y: 71, w: 216, h: 13 } },
  admissionDate: { box: 'FL12', rect: { x: 97, y: 95, w: 44, h: 13 } },
  payerName: { box: 'FL50', rect: { x: 11, y: 501, w: 165, h: 13 } },
  billingNpi: { box: 'FL56', rect: { x: 494, y: 493, w: 107, h: 13 } },
  insuredId: { box: 'FL60', rect: { x: 220, y: 550, w: 145, h: 13 } },
  principalDiagnosis: { box: 'FL67', rect: { x: 42, y: 635, w: 54, h: 13 } },
  drg: { box: 'FL71', rect: { x: 292, y: 655, w: 52, h: 14 } },
  attendingNpi: { box: 'FL76', rect: { x: 436, y: 672, w: 70, h: 14 } },
  attendingLast: { box: 'FL76', rect: { x: 388, y: 685, w: 112, h: 12 } },
  attendingFirst: { box: 'FL76', rect: { x: 512, y: 685, w: 90, h: 12 } },
};

/** FL67 A-Q: other diagnoses, two rows of the form's diagnosis grid. */
export const UB04_OTHER_DIAGNOSES: Rect[] = [
  ...[100, 158, 216, 273, 331, 389, 445, 504].map((x) => ({ x, y: 635, w: 54, h: 13 })),
  ...[46, 102, 158, 216, 272, 330, 388, 446, 503].map((x) => ({ x, y: 648, w: 52, h: 12 })),
];

/** The line table's columns, between the form's printed column rules. */
export const UB04_LINE_COLUMNS = {
  revenueCode: { box: 'FL42', x: 10.1, w: 34 },
  description: { box: 'FL43', x: 44.1, w: 179.6 },
  hcpcs: { box: 'FL44', x: 223.7, w: 108.8 },
  serviceDate: { box: 'FL45', x: 332.5, w: 50.4 },
  units: { box: 'FL46', x: 382.9, w: 58.1 },
  totalCharge: { box: 'FL47', x: 441, w: 70.8 },
  nonCovered: { box: 'FL48', x: 511.8, w: 71.2 },
} as const;
export type Ub04LineColumn = keyof typeof UB04_LINE_COLUMNS;

/** Lines 1-22 carry services; line 23 carries the page count, creation date and the 0001 totals. */
export const UB04_LINES_PER_PAGE = 22;

/** A line's cell: the form's rows are 12 points apart from the table's heading rule down. */
export function ub04LineCell(line: number, column: Ub04LineColumn): Rect {
  const c = UB04_LINE_COLUMNS[column];
  return { x: c.x, y: 216.9 + 12 * (line - 1), w: c.w, h: 12 };
}
