// Per-claim provenance kept as integers in shared typed-array chunks while reading (no per-field objects, nothing for
// the garbage collector to trace or copy) and turned into the Bill's `provenance` record on first access: building
// those records field by field was most of what the reader allocated.
import type { Bill } from '../../model/bill.ts';
import type { Provenance } from '../../model/provenance.ts';
import { keyName } from './provenance-keys.ts';

/** A segment slot in a claim's log, or a Provenance object shared by many claims (billing provider, payer...). */
export type ProvRef = Provenance | number;

const ENTRY_CHUNK = 1 << 16;
const SEGMENT_CHUNK = 3 << 14;

/**
 * The chunks one reader writes its claims' logs into. Claims are read one after another, so each claim's entries
 * are contiguous; a chunk lives as long as any Bill whose log points into it.
 */
export class ProvenanceArena {
  entries = new Int32Array(ENTRY_CHUNK);
  entryUsed = 0;
  segments = new Int32Array(SEGMENT_CHUNK);
  segmentUsed = 0;
}

const loopIds = new Map<string, number>();
const loopNames: string[] = [];

function loopId(loop: string | null): number {
  if (loop === null) return -1;
  let id = loopIds.get(loop);
  if (id === undefined) {
    id = loopNames.length;
    loopNames.push(loop);
    loopIds.set(loop, id);
  }
  return id;
}

const segmentIds = new Map<string, number>();
const segmentNames: string[] = [];

function segmentId(name: string): number {
  let id = segmentIds.get(name);
  if (id === undefined) {
    id = segmentNames.length;
    segmentNames.push(name);
    segmentIds.set(name, id);
  }
  return id;
}

export class ProvenanceLog {
  private entries: Int32Array;
  private entryStart: number;
  private entryEnd: number;
  private segments: Int32Array;
  private segmentStart: number;
  private segmentEnd: number;
  private shared: Provenance[] | null = null;
  private arena: ProvenanceArena | null;

  constructor(arena: ProvenanceArena) {
    this.arena = arena;
    this.entries = arena.entries;
    this.entryStart = this.entryEnd = arena.entryUsed;
    this.segments = arena.segments;
    this.segmentStart = this.segmentEnd = arena.segmentUsed;
  }

  /** The slot of a segment of this claim; consecutive calls for the same segment share it. */
  slot(position: number, segment: string, loop: string | null): number {
    const count = (this.segmentEnd - this.segmentStart) / 3;
    if (count > 0 && this.segments[this.segmentEnd - 3] === position) return count - 1;
    if (this.segmentEnd + 3 > this.segments.length) this.growSegments();
    const at = this.segmentEnd;
    this.segments[at] = position;
    this.segments[at + 1] = segmentId(segment);
    this.segments[at + 2] = loopId(loop);
    this.segmentEnd = at + 3;
    if (this.arena) this.arena.segmentUsed = this.segmentEnd;
    return count;
  }

  /** Records that field `key` (an id from provenance-keys.ts) was read from `ref`. */
  set(key: number, ref: ProvRef): void {
    let value: number;
    if (typeof ref === 'number') {
      value = ref;
    } else {
      const shared = (this.shared ??= []);
      let index = shared.indexOf(ref);
      if (index < 0) index = shared.push(ref) - 1;
      value = -(index + 1);
    }
    if (this.entryEnd + 2 > this.entries.length) this.growEntries();
    this.entries[this.entryEnd] = key;
    this.entries[this.entryEnd + 1] = value;
    this.entryEnd += 2;
    if (this.arena) this.arena.entryUsed = this.entryEnd;
  }

  /** The claim is complete: later claims write after it. */
  close(): void {
    this.arena = null;
  }

  /** The record, keyed by field path; a later entry for the same field wins. One Provenance object per segment. */
  materialize(): Record<string, Provenance> {
    const record: Record<string, Provenance> = {};
    const made: (Provenance | undefined)[] = new Array((this.segmentEnd - this.segmentStart) / 3);
    for (let i = this.entryStart; i < this.entryEnd; i += 2) {
      const value = this.entries[i + 1]!;
      let prov: Provenance;
      if (value >= 0) {
        prov = made[value] ?? (made[value] = this.segmentProvenance(value));
      } else {
        prov = this.shared![-value - 1]!;
      }
      record[keyName(this.entries[i]!)] = prov;
    }
    return record;
  }

  private segmentProvenance(slot: number): Provenance {
    const at = this.segmentStart + slot * 3;
    const loop = this.segments[at + 2]!;
    return segmentProvenance(this.segments[at]!, segmentNames[this.segments[at + 1]!]!, loop < 0 ? null : loopNames[loop]!);
  }

  /** A claim that outgrows the chunk moves, with what it wrote so far, to a fresh one. */
  private growSegments(): void {
    const length = this.segmentEnd - this.segmentStart;
    const next = new Int32Array(Math.max(SEGMENT_CHUNK, length * 2 + 3));
    next.set(this.segments.subarray(this.segmentStart, this.segmentEnd));
    this.segments = next;
    this.segmentStart = 0;
    this.segmentEnd = length;
    if (this.arena) {
      this.arena.segments = next;
      this.arena.segmentUsed = length;
    }
  }

  private growEntries(): void {
    const length = this.entryEnd - this.entryStart;
    const next = new Int32Array(Math.max(ENTRY_CHUNK, length * 2 + 2));
    next.set(this.entries.subarray(this.entryStart, this.entryEnd));
    this.entries = next;
    this.entryStart = 0;
    this.entryEnd = length;
    if (this.arena) {
      this.arena.entries = next;
      this.arena.entryUsed = length;
    }
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
