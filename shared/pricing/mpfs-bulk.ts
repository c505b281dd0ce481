// Bulk MPFS repricing: the same amounts as priceService (exact integer math, facility/non-facility, PC/TC rows, OPPS
// imaging cap, units) from lookups precomputed once per year, with no allocation per line. For batch repricing and
// the benchmark; a line it cannot price (status other than A/R/T, or no RVUs) returns -1 and goes to priceBill.
import type { PricingTables, MpfsTable } from './pricing-tables.ts';

export class MpfsBulkPricer {
  readonly year: number;
  private readonly t: MpfsTable;
  private readonly cf: number;
  /** [work, pe, mp] GPCIs per locality index; the last triple is the national basis (1.000). */
  private readonly gpci: Int32Array;
  private readonly localityIndexOf: Map<string, number>;
  readonly nationalIndex: number;
  private readonly payable: Uint8Array;
  private readonly cap: Int32Array;
  private readonly work: Int32Array;
  private readonly peNf: Int32Array;
  private readonly peF: Int32Array;
  private readonly mp: Int32Array;

  constructor(tables: PricingTables, year: number) {
    const t = tables.mpfs(year);
    const g = tables.gpci(year);
    if (!t || !g) throw new Error(`no MPFS/GPCI tables for ${year}`);
    this.year = year;
    this.t = t;
    this.cf = tables.conversionFactors(year)?.mpfs ?? t.file.cf;
    const n = g.file.carrier.length;
    this.gpci = new Int32Array((n + 1) * 3);
    for (let i = 0; i < n; i++) {
      this.gpci[i * 3] = g.file.work[i]!;
      this.gpci[i * 3 + 1] = g.file.pe[i]!;
      this.gpci[i * 3 + 2] = g.file.mp[i]!;
    }
    this.gpci.fill(1000, n * 3);
    this.nationalIndex = n;
    this.localityIndexOf = g.indexOf;
    const rows = t.file.code.length;
    const f = t.file;
    this.payable = new Uint8Array(rows);
    this.cap = new Int32Array(rows * 3).fill(-1);
    this.work = Int32Array.from(f.work);
    this.peNf = Int32Array.from(f.peNf);
    this.peF = Int32Array.from(f.peF);
    this.mp = Int32Array.from(f.mp);
    for (let r = 0; r < rows; r++) {
      const s = f.status[r];
      const hasRvus = f.work[r]! + f.peNf[r]! + f.peF[r]! + f.mp[r]! > 0;
      this.payable[r] = (s === 'A' || s === 'T' || (s === 'R' && hasRvus)) ? 1 : 0;
      const c = f.oppsCap[String(r)];
      if (c) this.cap.set(c, r * 3);
    }
  }

  /** Locality index for "13202-01"; the national basis for null or an unknown key. */
  localityIndex(key: string | null): number {
    return key === null ? this.nationalIndex : (this.localityIndexOf.get(key) ?? this.nationalIndex);
  }

  /** Row for a code and an optional 26/TC modifier (only where the PC/TC indicator allows it); -1 when unknown. */
  row(code: string, modifier: string | null = null): number {
    const base = this.t.rowOf.get(code);
    if (base === undefined) return -1;
    if (modifier !== '26' && modifier !== 'TC') return base;
    const pctc = this.t.file.pctc[base];
    if (!(pctc === '1' || (pctc === '6' && modifier === '26'))) return base;
    return this.t.rowOf.get(`${code}|${modifier}`) ?? base;
  }

  /** Benchmark cents for `units` of a row at a locality, or -1 when the MPFS gives no amount. */
  cents(row: number, facility: boolean, locality: number, units: number): number {
    if (row < 0 || this.payable[row] === 0) return -1;
    const g = locality * 3;
    const gw = this.gpci[g]!;
    const gpe = this.gpci[g + 1]!;
    const gmp = this.gpci[g + 2]!;
    const w = this.work[row]! * gw;
    const m = this.mp[row]! * gmp;
    let fee = Math.floor(((w + (facility ? this.peF[row]! : this.peNf[row]!) * gpe + m) * this.cf + 5_000_000) / 10_000_000);
    const c = row * 3;
    if (this.cap[c]! >= 0) {
      const capPe = facility ? this.cap[c + 1]! : this.cap[c]!;
      const capped = Math.floor(((w + capPe * gpe + this.cap[c + 2]! * gmp) * this.cf + 5_000_000) / 10_000_000);
      if (capped < fee) fee = capped;
    }
    return units === 1 ? fee : Math.round(fee * units);
  }
}
