// Per-claim provenance kept compactly while reading (parallel arrays, no per-field objects or hashing) and turned
// into the Bill's `provenance` record on first access: most of the reader's allocations went into growing those
// records field by field.
import type { Bill } from '../../model/bill.ts';
import type { Provenance } from '../../model/provenance.ts';

/** A segment slot in a claim's log, or a Provenance object shared by many claims (billing provider, payer...). */
export type ProvRef = Provenance | number;

export class ProvenanceLog {
  private readonly keys: string[] = [];
  private readonly refs: ProvRef[] = [];
  private readonly positions: number[] = [];
  private readonly ids: string[] = [];
  private readonly loops: (string | null)[] = [];

  /** The slot of a segment of this claim; consecutive calls for the same segment share it. */
  slot(position: number, segmentId: string, loop: string | null): number {
    const last = this.positions.length - 1;
    if (last >= 0 && this.positions[last] === position) return last;
    this.positions.push(position);
    this.ids.push(segmentId);
    this.loops.push(loop);
    return last + 1;
  }

  set(key: string, ref: ProvRef): void {
    this.keys.push(key);
    this.refs.push(ref);
  }

  /** The record, keyed by field path; a later entry for the same field wins. One Provenance object per segment. */
  materialize(): Record<string, Provenance> {
    const record: Record<string, Provenance> = {};
    const made: (Provenance | undefined)[] = new Array(this.positions.length);
    for (let i = 0; i < this.keys.length; i++) {
      const ref = this.refs[i]!;
      let prov: Provenance;
      if (typeof ref === 'number') {
        prov = made[ref] ?? (made[ref] = segmentProvenance(this.positions[ref]!, this.ids[ref]!, this.loops[ref]!));
      } else {
        prov = ref;
      }
      record[this.keys[i]!] = prov;
    }
    return record;
  }
}

export function segmentProvenance(position: number, segmentId: string, loop: string | null): Provenance {
  return loop === null
    ? { engine: 'x12', segment: position, segmentId, confidence: 1 }
    : { engine: 'x12', segment: position, segmentId, loop, confidence: 1 };
}

const LOG = Symbol('x12 provenance log');

type WithLog = Bill & { [LOG]?: ProvenanceLog };

/** Replaces the lazy accessor with the plain record (on first read, or when a caller assigns one). */
function settle(bill: WithLog, record: Record<string, Provenance>): Record<string, Provenance> {
  Object.defineProperty(bill, 'provenance', { value: record, writable: true, enumerable: true, configurable: true });
  delete bill[LOG];
  return record;
}

/**
 * One accessor shared by every bill (no closure per bill): an own, enumerable `provenance` property that JSON,
 * spreads, structuredClone and zod all read like data, built from the log the first time anything reads it.
 */
const LAZY_PROVENANCE: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: WithLog) {
    const log = this[LOG];
    return settle(this, log ? log.materialize() : {});
  },
  set(this: WithLog, record: Record<string, Provenance>) {
    settle(this, record);
  },
};

export function attachProvenance(bill: Bill, log: ProvenanceLog): void {
  Object.defineProperty(bill, LOG, { value: log, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(bill, 'provenance', LAZY_PROVENANCE);
}
