// A short-lived in-process copy of every case, for the views that filter or add up what no index holds (TPA, amount,
// claim/account search, the savings report). It is rebuilt when older than its lifetime and dropped at once after
// any change made through this server; pages that use it say how old it is.
import type { CaseRepository } from '../cases/case-repository.ts';
import type { StoredCase } from '../model/case.ts';

export const SNAPSHOT_SECONDS = 30;
/** Above this many cases the snapshot stops reading (pages say the list is cut). */
export const SNAPSHOT_LIMIT = 20_000;

export interface CaseSnapshot {
  cases: StoredCase[];
  takenAt: Date;
  /** True when SNAPSHOT_LIMIT cut the list. */
  truncated: boolean;
}

class SnapshotCache {
  private current: CaseSnapshot | null = null;
  private pending: Promise<CaseSnapshot> | null = null;
  private generation = 0;

  constructor(
    private readonly cases: Pick<CaseRepository, 'listCases'>,
    private readonly now: () => Date,
  ) {}

  async get(): Promise<CaseSnapshot> {
    const fresh = this.current && this.now().getTime() - this.current.takenAt.getTime() < SNAPSHOT_SECONDS * 1000;
    if (fresh) return this.current!;
    if (this.pending) return this.pending;
    const generation = this.generation;
    this.pending = this.read().then(
      (snapshot) => {
        // A change during the read makes this copy stale already: serve it to the waiting request, keep none.
        if (generation === this.generation) this.current = snapshot;
        this.pending = null;
        return snapshot;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }

  /** The current copy if it is still fresh, without reading. */
  peek(): CaseSnapshot | null {
    return this.current && this.now().getTime() - this.current.takenAt.getTime() < SNAPSHOT_SECONDS * 1000 ? this.current : null;
  }

  invalidate(): void {
    this.generation++;
    this.current = null;
    this.pending = null;
  }

  private async read(): Promise<CaseSnapshot> {
    const takenAt = this.now();
    const cases: StoredCase[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.cases.listCases({ limit: 1000, cursor });
      cases.push(...page.cases);
      cursor = page.cursor ?? undefined;
    } while (cursor && cases.length < SNAPSHOT_LIMIT);
    return { cases, takenAt, truncated: cursor !== undefined };
  }
}

const caches = new WeakMap<object, SnapshotCache>();

/** The snapshot of this repository's cases (one per repository object in the process). */
export function caseSnapshot(cases: Pick<CaseRepository, 'listCases'>, now: () => Date = () => new Date()): Promise<CaseSnapshot> {
  let cache = caches.get(cases);
  if (!cache) {
    cache = new SnapshotCache(cases, now);
    caches.set(cases, cache);
  }
  return cache.get();
}

export function peekCaseSnapshot(cases: object): CaseSnapshot | null {
  return caches.get(cases)?.peek() ?? null;
}

/** Something changed through this server: the next view reads the cases again. */
export function invalidateCaseSnapshot(cases: object): void {
  caches.get(cases)?.invalidate();
}
