// The port through which steps and the review API read and change documents and cases (DynamoDB implements it).
import type {
  CaseDeadlines,
  CaseEvent,
  CaseRecord,
  CaseStatus,
  LetterRef,
  Negotiation,
  NextDeadline,
  NsaMarking,
  StoredCase,
} from '../model/case.ts';
import type { DocumentRecord, DocumentRecordInput, DocumentStatus, DocumentKind } from '../model/document.ts';
import type { PricedBill } from '../model/pricing.ts';

export interface CaseChange {
  status?: CaseStatus;
  reasons?: string[];
  pricing?: PricedBill | null;
  letter?: LetterRef | null;
  assignee?: string | null;
  nsa?: NsaMarking | null;
  deadlines?: CaseDeadlines | null;
  nextDeadline?: NextDeadline | null;
  statusBeforeReview?: CaseStatus | null;
  negotiation?: Negotiation;
}

export interface DocumentChange {
  status?: DocumentStatus;
  kind?: DocumentKind | null;
  reasons?: string[];
  caseIds?: string[];
  artifacts?: DocumentRecord['artifacts'];
}

/** What happened, by whom and why; time and case id are filled in by the repository. */
export type CaseEventInput = Omit<CaseEvent, 'caseId' | 'at' | 'fromStatus' | 'toStatus'> & { at?: string };

/**
 * Every list is ordered by the case's next deadline (cases without one last), then creation time and id.
 * One source: providerTin (byProviderTin), else assignee (byAssignee: open cases only), else status/statuses
 * (byStatus), else every status partition merged. status/statuses filter the TIN and assignee lists too.
 */
export interface CaseListQuery {
  status?: CaseStatus;
  statuses?: readonly CaseStatus[];
  providerTin?: string;
  assignee?: string;
  /** Only cases whose next deadline is before this ISO date (the deadline sweep). */
  deadlineBefore?: string;
  limit?: number;
  cursor?: string;
}

export interface CasePage {
  cases: StoredCase[];
  cursor: string | null;
}

export interface CaseRepository {
  /** Records a document the first time it is seen; returns the stored record either way. */
  registerDocument(document: DocumentRecordInput): Promise<{ document: DocumentRecord; created: boolean }>;
  getDocument(id: string): Promise<DocumentRecord | null>;
  updateDocument(id: string, change: DocumentChange): Promise<DocumentRecord>;
  listDocuments(query?: { status?: DocumentStatus; limit?: number }): Promise<DocumentRecord[]>;
  /** The documents of one upload or one email message, in the order they arrived. */
  listDocumentsBySubmission(submissionId: string): Promise<DocumentRecord[]>;

  /** Creates the case unless it exists (same id); one history event is written with it. Returns the stored case. */
  createCase(record: CaseRecord, event: CaseEventInput): Promise<{ case: StoredCase; created: boolean }>;
  getCase(id: string): Promise<StoredCase | null>;
  /**
   * Applies a change if the stored version still equals expectedVersion, together with its history event, atomically.
   * Throws VersionConflict otherwise.
   */
  updateCase(id: string, expectedVersion: number, change: CaseChange, event: CaseEventInput): Promise<StoredCase>;
  /** Appends an event without changing the case or its version (reads of the case: the PHI access log). */
  appendEvent(caseId: string, event: CaseEventInput): Promise<CaseEvent>;
  listCases(query?: CaseListQuery): Promise<CasePage>;
  listEvents(caseId: string): Promise<CaseEvent[]>;
}

export class VersionConflict extends Error {
  override readonly name = 'VersionConflict';
  constructor(
    readonly caseId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `case ${caseId} does not exist`
        : `case ${caseId} was changed by someone else (you edited version ${expectedVersion}, it is now version ${actualVersion}); reload and try again`,
    );
  }
}

export class NotFound extends Error {
  override readonly name = 'NotFound';
  constructor(readonly what: string, readonly id: string) {
    super(`${what} ${id} not found`);
  }
}

/** The cursor a listing was given is not one it handed out. */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  constructor() {
    super('the cursor is not valid: pass the cursor of the previous page unchanged');
  }
}
