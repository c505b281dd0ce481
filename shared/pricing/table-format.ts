// The on-disk shapes of the derived CMS tables under data/cms (written by scripts/import-cms.ts, read by tables.ts).
// Compact, columnar, integers only: RVUs in hundredths, GPCIs in thousandths, conversion factors in ten-thousandths,
// money in cents (or mills where CMS publishes tenths of a cent), so pricing is exact integer arithmetic.

export interface SourceFile {
  /** Folder under the CMS data root the file came from, e.g. "pfs2025". */
  folder: string;
  file: string;
  sha256: string;
}

export interface TableMeta {
  table: TableName;
  /** Calendar year the table prices (dates of service in that year). */
  year: number;
  /** CMS release name, e.g. "RVU25D (October 2025)". */
  release: string;
  /** Release or effective date as printed in the source, ISO. */
  released: string | null;
  sources: SourceFile[];
  notes: string[];
}

export const TABLE_NAMES = [
  'mpfs',
  'gpci',
  'conversion-factors',
  'zip-locality',
  'anesthesia',
  'opps',
  'opps-cap',
  'mue',
  'clfs',
  'dmepos',
  'hcpcs',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface Manifest {
  /** year -> table -> file name (relative to the year folder) and its meta. */
  years: Record<string, Partial<Record<TableName, { file: string; meta: TableMeta }>>>;
}

/** PPRRVU: one entry per row (code + modifier), column by column. Single-character indicators are packed in strings. */
export interface MpfsFile {
  meta: TableMeta;
  /** Conversion factor x 10,000 (32.3465 -> 323465), read from the CONV FACTOR column. */
  cf: number;
  code: string[];
  mod: string[];
  status: string;
  /** Hundredths of an RVU. */
  work: number[];
  peNf: number[];
  peF: number[];
  mp: number[];
  /** '1' where the file says NA for the non-facility / facility PE. */
  naNf: string;
  naF: string;
  pctc: string;
  mult: string;
  bilat: string;
  asst: string;
  cosurg: string;
  team: string;
  /** Three characters per row (000, 010, 090, XXX, YYY, ZZZ, MMM). */
  glob: string;
  /** Two characters per row (88, 99...). */
  imgFamily: string;
  /** Row index -> endoscopic base code, only where present. */
  endo: Record<string, string>;
  /** Row index -> [non-facility PE, facility PE, MP] RVUs (hundredths) used for the OPPS imaging cap, only where non-zero. */
  oppsCap: Record<string, [number, number, number]>;
}

export interface GpciFile {
  meta: TableMeta;
  carrier: string[];
  locality: string[];
  state: string[];
  name: string[];
  /** Thousandths (1.065 -> 1065). */
  work: number[];
  pe: number[];
  mp: number[];
}

export interface ConversionFactorsFile {
  meta: TableMeta;
  /** x 10,000. */
  mpfs: number | null;
  mpfsQualifyingApm: number | null;
  anesthesia: number | null;
  /** OPPS conversion factor x 1,000 (91.415 -> 91415). */
  opps: number | null;
}

export interface ZipLocalityFile {
  meta: TableMeta;
  /** Distinct [state, carrier, locality, ruralIndicator, plus4Flag] combinations. */
  groups: [string, string, string, string, number][];
  /** ZIP5 as numbers, delta-encoded in ascending order. */
  zipDelta: number[];
  /** Index into groups, per ZIP. */
  group: number[];
}

export interface AnesthesiaFile {
  meta: TableMeta;
  /** National anesthesia CF x 10,000. */
  nationalCf: number;
  carrier: string[];
  locality: string[];
  /** Locality-adjusted anesthesia CF in cents x 100 (19.31 -> 193100) so later years with 4 decimals fit. */
  cf: number[];
  /** Base units by anesthesia code. */
  baseUnits: Record<string, number>;
  /** True when locality CFs were derived here rather than published by CMS. */
  derivedLocalityCfs: boolean;
}

export interface OppsFile {
  meta: TableMeta;
  code: string[];
  si: string[];
  apc: string[];
  /** Relative weight x 10,000; 0 when blank. */
  weight: number[];
  /** National unadjusted payment rate in mills (tenths of a cent): $357.13 -> 357130; -1 when blank. */
  rate: number[];
  /** Codes on the inpatient-only list (Addendum E). */
  inpatientOnly: string[];
}

export interface OppsCapFile {
  meta: TableMeta;
  /** Carrier-locality keys ("13202-01"), referenced by index. */
  localities: string[];
  /** "71275" or "71275-TC". */
  keys: string[];
  status: string;
  /** Per key: flat [localityIndex, facilityCents, nonFacilityCents, ...]. */
  values: number[][];
}

export interface MueFile {
  meta: TableMeta;
  code: string[];
  units: number[];
  /** MUE adjudication indicator: 1 line edit, 2 date of service (policy), 3 date of service (clinical). */
  mai: string;
}

export interface ClfsFile {
  meta: TableMeta;
  code: string[];
  mod: string[];
  /** National limitation amount in cents. */
  rate: number[];
}

export interface DmeposFile {
  meta: TableMeta;
  states: string[];
  code: string[];
  mod: string[];
  mod2: string[];
  /** Pricing category (CATG), e.g. IN, OS, PO. */
  category: string[];
  /** Per row: per state [non-rural, rural] cents, flattened (states.length * 2); -1 when no rate. */
  rates: number[][];
}

export interface HcpcsFile {
  meta: TableMeta;
  /** Level II codes only (never CPT, never CDT): code -> short description (public domain). */
  short: Record<string, string>;
}
