// What the 837 reader reports about the envelopes it read: the facts a 999 acknowledgment is built from.
import type { ClaimType } from '../../model/bill.ts';
import type { ExtractionProblem, ExtractionResult } from '../extraction-result.ts';
import type { Separators } from './tokenizer.ts';

/** An error in one data element of a segment (becomes an IK4 in the 999). */
export interface ElementNote {
  /** 1-based element position in the segment (IK401-1). */
  position: number;
  /** 1-based component position inside a composite (IK401-2). */
  component?: number;
  /** X12 data element reference number (IK402), e.g. "782" for a monetary amount. */
  dataElement?: string;
  /** IK403: 1 required missing, 6 invalid character, 7 invalid code value, 8 invalid date, I12 pattern failure... */
  code: string;
  /** IK404: a copy of the bad value, only for values that are not PHI (amounts, dates, codes). */
  value?: string;
}

/** An error located at one segment of a transaction set (becomes an IK3, with an optional IK4, in the 999). */
export interface SegmentNote {
  /** 1-based position of the segment within its transaction set (ST = 1). */
  position: number;
  segmentId: string;
  /** The loop the segment belongs to ("2300"), or null for the header and trailer. */
  loop: string | null;
  /** IK304: 1 unrecognized segment, 2 unexpected, 3 required segment missing, 8 segment has data element errors... */
  code: string;
  message: string;
  element?: ElementNote;
  /** The claim the error belongs to, or null. */
  claimIndex: number | null;
  /** The claim's CLM01, for the 999 CTX segment. */
  claimNumber?: string | null;
}

export type TransactionStatus = 'accepted' | 'accepted-with-errors' | 'rejected';

/** One ST/SE transaction set as received. */
export interface TransactionSummary {
  interchangeIndex: number;
  groupIndex: number;
  /** ST01: "837", or the refused set ("835"...). */
  transactionSetId: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 as received; null when absent (4010 sets have none). */
  implementationReference: string | null;
  /** The implementation guide the set follows: ST03, or GS08 when ST03 is absent ("005010X222A1", "004010X098A1"). */
  version: string | null;
  claimType: ClaimType | null;
  /** 0-based claimIndex of the first claim in this set (null when it has none). */
  firstClaimIndex: number | null;
  claimCount: number;
  lineCount: number;
  /** Segments counted from ST to SE inclusive. */
  segmentCount: number;
  /** SE01 as received, null when missing. */
  declaredSegmentCount: number | null;
  status: TransactionStatus;
  /** IK502..IK506 for a set with envelope errors: 1 not supported, 2 trailer missing, 3 control numbers differ, 4 count... */
  syntaxErrorCodes: string[];
  errors: SegmentNote[];
  /** True when more errors were found than kept (a 999 carries a bounded number). */
  errorsTruncated: boolean;
}

/** One GS/GE functional group. */
export interface GroupSummary {
  interchangeIndex: number;
  groupIndex: number;
  /** GS01, "HC" for claims. */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  /** GS06. */
  controlNumber: string;
  /** GS08. */
  version: string;
  /** GE01 as received, null when the GE is missing. */
  declaredTransactionCount: number | null;
  transactionCount: number;
  /** AK905..: 3 trailer missing, 4 control numbers differ, 5 count differs. */
  errorCodes: string[];
}

/** One ISA/IEA interchange. */
export interface InterchangeSummary {
  interchangeIndex: number;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA13. */
  controlNumber: string;
  /** ISA15: P production, T test. */
  usage: string;
  /** ISA12. */
  versionNumber: string;
  separators: Separators;
  /** IEA01 as received, null when missing. */
  declaredGroupCount: number | null;
  groupCount: number;
  /** Interchange-level problems (a TA1 would carry these). */
  errors: string[];
}

export interface Read837Result extends ExtractionResult {
  interchanges: InterchangeSummary[];
  groups: GroupSummary[];
  transactions: TransactionSummary[];
}

/** The events of the streaming reader, in input order. */
export type X12ReadEvent =
  | { type: 'bill'; bill: import('../../model/bill.ts').Bill }
  | { type: 'problem'; problem: ExtractionProblem }
  | { type: 'interchange'; interchange: InterchangeSummary }
  | { type: 'group'; group: GroupSummary }
  | { type: 'transaction'; transaction: TransactionSummary };
