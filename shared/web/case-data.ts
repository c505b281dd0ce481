// What the case page shows, gathered in one place: the case, its history, its source document and who the actors are.
import type { CaseRepository } from '../cases/case-repository.ts';
import type { CaseEvent, StoredCase } from '../model/case.ts';
import type { DocumentRecord } from '../model/document.ts';
import type { Provenance } from '../model/provenance.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { DocumentPages } from '../api/document-pages.ts';
import { claimSegments, type SourceSegment } from './x12-source.ts';

export interface LineSource {
  /** 0-based index into bill.lines, as provenance keys name it. */
  index: number;
  /** Lowest confidence of the line's fields (1 when nothing says otherwise). */
  confidence: number;
  /** Field -> where it was read. */
  fields: { field: string; provenance: Provenance }[];
}

export interface CaseData {
  record: StoredCase;
  events: CaseEvent[];
  document: DocumentRecord | null;
  pageCount: number;
  segments: SourceSegment[];
  lineSources: LineSource[];
  names: Map<string, string>;
}

export function lineSources(record: StoredCase): LineSource[] {
  const byLine = new Map<number, LineSource>();
  for (const [path, provenance] of Object.entries(record.bill.provenance)) {
    const match = /^lines\.(\d+)\.(.+)$/.exec(path);
    if (!match) continue;
    const index = Number(match[1]);
    const entry = byLine.get(index) ?? { index, confidence: 1, fields: [] };
    entry.fields.push({ field: match[2]!, provenance });
    entry.confidence = Math.min(entry.confidence, provenance.confidence);
    byLine.set(index, entry);
  }
  return record.bill.lines.map((_, index) => byLine.get(index) ?? { index, confidence: 1, fields: [] });
}

export interface CaseDataDeps {
  cases: Pick<CaseRepository, 'listEvents' | 'getDocument'>;
  objects: ObjectStore;
  pages: DocumentPages;
  /** Display names for actor ids (local users); unknown ids show as they are. */
  names: (ids: string[]) => Promise<Map<string, string>>;
}

export async function loadCaseData(deps: CaseDataDeps, record: StoredCase): Promise<CaseData> {
  const [events, document] = await Promise.all([deps.cases.listEvents(record.id), deps.cases.getDocument(record.documentId)]);
  const sources = lineSources(record);
  const kind = document?.kind ?? null;
  let pageCount = 0;
  let segments: SourceSegment[] = [];
  if (kind === 'x12-837') {
    const wanted = sources.flatMap((s) => s.fields.map((f) => f.provenance.segment).filter((n): n is number => n !== undefined));
    const bytes = await deps.objects.get(record.source).catch(() => null);
    if (bytes) segments = claimSegments(bytes, record.bill.claimNumber, wanted);
  } else if (kind) {
    pageCount = await deps.pages.pageCount({ documentId: record.documentId, source: record.source, kind }).catch(() => 0);
  }
  const actorIds = [...new Set(events.map((e) => e.actor))];
  const names = await deps.names(actorIds);
  return { record, events, document, pageCount, segments, lineSources: sources, names };
}
