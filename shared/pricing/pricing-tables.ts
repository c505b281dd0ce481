// The in-memory benchmark tables: built lazily, table by table, from the derived files (see tables.ts for the disk
// loader). Pure: the source hands over parsed JSON; lookups are precomputed once per year.
import type {
  AnesthesiaFile,
  ClfsFile,
  ConversionFactorsFile,
  DmeposFile,
  GpciFile,
  HcpcsFile,
  Manifest,
  MpfsFile,
  MueFile,
  OppsCapFile,
  OppsFile,
  TableMeta,
  TableName,
  ZipLocalityFile,
} from './table-format.ts';

export interface TableSource {
  manifest: Manifest;
  /** Parsed JSON of one table; called at most once per (year, table). */
  read(year: number, table: TableName): unknown;
  /** Where the tables came from, for messages ("data/cms"). */
  description: string;
}

export interface MpfsTable {
  file: MpfsFile;
  /** "99213" -> row of the global service; "71046|26" -> row of the modifier row. */
  rowOf: Map<string, number>;
}

export interface GpciTable {
  file: GpciFile;
  /** "13202-01" -> index. */
  indexOf: Map<string, number>;
}

export interface ZipLocalityTable {
  file: ZipLocalityFile;
  /** ZIP5 number -> group index + 1 (0 = not in the file). */
  groupOfZip: Uint16Array;
}

export interface AnesthesiaTable {
  file: AnesthesiaFile;
  indexOf: Map<string, number>;
}

export interface OppsTable {
  file: OppsFile;
  rowOf: Map<string, number>;
  inpatientOnly: Set<string>;
}

export interface OppsCapTable {
  file: OppsCapFile;
  /** "71275" or "71275-TC" -> "13202-01" -> [facility cents, non-facility cents]. */
  byKey: Map<string, Map<string, [number, number]>>;
}

export interface MueTable {
  file: MueFile;
  rowOf: Map<string, number>;
}

export interface ClfsTable {
  file: ClfsFile;
  /** "80053" or "87426|QW" -> row. */
  rowOf: Map<string, number>;
}

export interface DmeposTable {
  file: DmeposFile;
  /** "E0114" or "E0114|NU" or "E0114|NU|KH" -> rows. */
  rowsOf: Map<string, number[]>;
  stateIndex: Map<string, number>;
}

export interface HcpcsTable {
  file: HcpcsFile;
}

interface Built {
  mpfs: MpfsTable;
  gpci: GpciTable;
  'conversion-factors': ConversionFactorsFile;
  'zip-locality': ZipLocalityTable;
  anesthesia: AnesthesiaTable;
  opps: OppsTable;
  'opps-cap': OppsCapTable;
  mue: MueTable;
  clfs: ClfsTable;
  dmepos: DmeposTable;
  hcpcs: HcpcsTable;
}

export interface YearChoice {
  /** The year whose table is used, or null when no year has the table. */
  year: number | null;
  requested: number | null;
  /** True when the table's year differs from the date's year. */
  substituted: boolean;
}

export class PricingTables {
  /** year -> table -> built table (null when absent); a two-level lookup keeps the hot path free of string keys. */
  private readonly cache = new Map<number, Map<TableName, unknown>>();
  private readonly yearsByTable = new Map<TableName, number[]>();

  constructor(readonly source: TableSource) {
    for (const [y, tables] of Object.entries(source.manifest.years)) {
      for (const name of Object.keys(tables) as TableName[]) {
        const list = this.yearsByTable.get(name) ?? [];
        list.push(Number(y));
        this.yearsByTable.set(name, list);
      }
    }
    for (const list of this.yearsByTable.values()) list.sort((a, b) => a - b);
  }

  /** Years on hand for a table, ascending. */
  years(table: TableName): readonly number[] {
    return this.yearsByTable.get(table) ?? [];
  }

  meta(year: number, table: TableName): TableMeta | null {
    return this.source.manifest.years[String(year)]?.[table]?.meta ?? null;
  }

  /** The year a date of service prices on for a table: its own year if on hand, else the nearest (later on a tie). */
  pickYear(table: TableName, requested: number | null): YearChoice {
    const years = this.years(table);
    if (years.length === 0) return { year: null, requested, substituted: false };
    if (requested === null) return { year: years[years.length - 1]!, requested, substituted: true };
    let best = years[0]!;
    for (const y of years) {
      if (Math.abs(y - requested) < Math.abs(best - requested) || (Math.abs(y - requested) === Math.abs(best - requested) && y > best)) best = y;
    }
    return { year: best, requested, substituted: best !== requested };
  }

  get<T extends TableName>(year: number, table: T): Built[T] | null {
    let perYear = this.cache.get(year);
    if (perYear === undefined) {
      perYear = new Map();
      this.cache.set(year, perYear);
    }
    const hit = perYear.get(table);
    if (hit !== undefined) return hit as Built[T] | null;
    const entry = this.source.manifest.years[String(year)]?.[table];
    const built = entry ? build(table, this.source.read(year, table)) : null;
    perYear.set(table, built);
    return built as Built[T] | null;
  }

  mpfs(year: number): MpfsTable | null {
    return this.get(year, 'mpfs');
  }
  gpci(year: number): GpciTable | null {
    return this.get(year, 'gpci');
  }
  conversionFactors(year: number): ConversionFactorsFile | null {
    return this.get(year, 'conversion-factors');
  }
  /** The newest ZIP crosswalk on hand (CMS publishes it quarterly; localities rarely move). */
  zipLocality(): ZipLocalityTable | null {
    const years = this.years('zip-locality');
    return years.length ? this.get(years[years.length - 1]!, 'zip-locality') : null;
  }
  anesthesia(year: number): AnesthesiaTable | null {
    return this.get(year, 'anesthesia');
  }
  opps(year: number): OppsTable | null {
    return this.get(year, 'opps');
  }
  oppsCap(year: number): OppsCapTable | null {
    return this.get(year, 'opps-cap');
  }
  mue(year: number): MueTable | null {
    return this.get(year, 'mue');
  }
  clfs(year: number): ClfsTable | null {
    return this.get(year, 'clfs');
  }
  dmepos(year: number): DmeposTable | null {
    return this.get(year, 'dmepos');
  }
  hcpcs(year: number): HcpcsTable | null {
    return this.get(year, 'hcpcs');
  }

  /** Builds every table now (a cold start that prefers paying once up front). */
  loadAll(): void {
    for (const [y, tables] of Object.entries(this.source.manifest.years)) {
      for (const name of Object.keys(tables) as TableName[]) this.get(Number(y), name);
    }
  }
}

function build(table: TableName, raw: unknown): unknown {
  switch (table) {
    case 'mpfs': {
      const file = raw as MpfsFile;
      const rowOf = new Map<string, number>();
      for (let i = 0; i < file.code.length; i++) {
        const mod = file.mod[i]!;
        rowOf.set(mod ? `${file.code[i]}|${mod}` : file.code[i]!, i);
      }
      return { file, rowOf } satisfies MpfsTable;
    }
    case 'gpci': {
      const file = raw as GpciFile;
      const indexOf = new Map<string, number>();
      for (let i = 0; i < file.carrier.length; i++) indexOf.set(`${file.carrier[i]}-${file.locality[i]}`, i);
      return { file, indexOf } satisfies GpciTable;
    }
    case 'zip-locality': {
      const file = raw as ZipLocalityFile;
      const groupOfZip = new Uint16Array(100000);
      let zip = 0;
      for (let i = 0; i < file.zipDelta.length; i++) {
        zip += file.zipDelta[i]!;
        groupOfZip[zip] = file.group[i]! + 1;
      }
      return { file, groupOfZip } satisfies ZipLocalityTable;
    }
    case 'anesthesia': {
      const file = raw as AnesthesiaFile;
      const indexOf = new Map<string, number>();
      for (let i = 0; i < file.carrier.length; i++) indexOf.set(`${file.carrier[i]}-${file.locality[i]}`, i);
      return { file, indexOf } satisfies AnesthesiaTable;
    }
    case 'opps': {
      const file = raw as OppsFile;
      const rowOf = new Map<string, number>();
      for (let i = 0; i < file.code.length; i++) rowOf.set(file.code[i]!, i);
      return { file, rowOf, inpatientOnly: new Set(file.inpatientOnly) } satisfies OppsTable;
    }
    case 'opps-cap': {
      const file = raw as OppsCapFile;
      const byKey = new Map<string, Map<string, [number, number]>>();
      for (let k = 0; k < file.keys.length; k++) {
        const values = file.values[k]!;
        const perLocality = new Map<string, [number, number]>();
        for (let i = 0; i + 2 < values.length; i += 3) perLocality.set(file.localities[values[i]!]!, [values[i + 1]!, values[i + 2]!]);
        byKey.set(file.keys[k]!, perLocality);
      }
      return { file, byKey } satisfies OppsCapTable;
    }
    case 'mue': {
      const file = raw as MueFile;
      const rowOf = new Map<string, number>();
      for (let i = 0; i < file.code.length; i++) rowOf.set(file.code[i]!, i);
      return { file, rowOf } satisfies MueTable;
    }
    case 'clfs': {
      const file = raw as ClfsFile;
      const rowOf = new Map<string, number>();
      for (let i = 0; i < file.code.length; i++) {
        const key = file.mod[i] ? `${file.code[i]}|${file.mod[i]}` : file.code[i]!;
        if (!rowOf.has(key)) rowOf.set(key, i);
      }
      return { file, rowOf } satisfies ClfsTable;
    }
    case 'dmepos': {
      const file = raw as DmeposFile;
      const rowsOf = new Map<string, number[]>();
      for (let i = 0; i < file.code.length; i++) {
        const keys = [file.code[i]!];
        if (file.mod[i]) keys.push(`${file.code[i]}|${file.mod[i]}`);
        if (file.mod[i] && file.mod2[i]) keys.push(`${file.code[i]}|${file.mod[i]}|${file.mod2[i]}`);
        for (const key of keys) {
          const list = rowsOf.get(key) ?? [];
          list.push(i);
          rowsOf.set(key, list);
        }
      }
      const stateIndex = new Map(file.states.map((s, i) => [s, i] as const));
      return { file, rowsOf, stateIndex } satisfies DmeposTable;
    }
    case 'conversion-factors':
      return raw as ConversionFactorsFile;
    case 'hcpcs':
      return { file: raw as HcpcsFile } satisfies HcpcsTable;
  }
}
