// Reading whole 837 files (read837) and streams of chunks (stream837) into Bills, with the envelope facts for a 999.
import { UnreadableDocument } from '../extraction-result.ts';
import { TRANSACTION_SET_NAMES } from './loops.ts';
import { boundReviewReasons, ProblemLimiter } from './problem-bounds.ts';
import { Reader837 } from './reader-837.ts';
import type { Read837Result, X12ReadEvent } from './summary.ts';
import { SegmentTokenizer } from './tokenizer.ts';

/** Whole buffers are fed in slices so that even a very large file never becomes one giant string. */
const SLICE_BYTES = 1 << 20;
const STREAM_SLICE = 1 << 16;

/**
 * Reads every 837P/837I claim of an X12 file: one Bill per CLM, problems with their segment positions, and a summary
 * per interchange, group and transaction set.
 *
 * Throws UnreadableDocument (disposition REJECTED) when the input holds no 837 at all: not X12, an unreadable ISA,
 * or only other transaction sets (an 835 remittance, a 270...). A file that mixes 837s with other sets keeps its
 * 837 claims; the other sets are refused with a problem each (and IK5*R in the 999).
 *
 * Claims of a transaction set that the 999 rejects (SE count or control number wrong, SE missing) and of a group
 * with trailer errors are still returned, each with a review reason, so nothing from them becomes an offer unseen.
 */
export function read837(input: Uint8Array | string): Read837Result {
  const result: Read837Result = { bills: [], problems: [], interchanges: [], groups: [], transactions: [] };
  const limiter = new ProblemLimiter();
  const reader = new Reader837({
    bill: (bill) => result.bills.push(boundReviewReasons(bill)),
    problem: (problem) => {
      const listed = limiter.admit(problem);
      if (listed) result.problems.push(listed);
    },
    interchange: (summary) => result.interchanges.push(summary),
    group: (summary) => result.groups.push(summary),
    transaction: (summary) => result.transactions.push(summary),
  });
  const tokenizer = new SegmentTokenizer(reader);
  if (typeof input === 'string') {
    tokenizer.write(input);
  } else {
    for (let offset = 0; offset < input.length; offset += SLICE_BYTES) {
      tokenizer.write(input.subarray(offset, Math.min(input.length, offset + SLICE_BYTES)));
    }
  }
  tokenizer.end();
  reader.end();
  result.problems.push(...limiter.overflow());
  refuseWhenNothingIs837(reader);
  flagRejectedClaims(result);
  result.interchanges.sort((a, b) => a.interchangeIndex - b.interchangeIndex);
  result.groups.sort((a, b) => a.groupIndex - b.groupIndex);
  return result;
}

/**
 * Streams claims out of a large 837 as they complete: memory stays flat whatever the file size. Yields a
 * `bill` event per claim, `problem` events as errors are found, and a `transaction`/`group`/`interchange` event as
 * each envelope closes (a transaction summary arrives after its claims: a consumer that must not act on claims of a
 * rejected set waits for it). Throws UnreadableDocument like read837 when the input holds no 837 at all.
 */
export async function* stream837(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<X12ReadEvent, void, undefined> {
  let queue: X12ReadEvent[] = [];
  const limiter = new ProblemLimiter();
  const reader = new Reader837({
    bill: (bill) => queue.push({ type: 'bill', bill: boundReviewReasons(bill) }),
    problem: (problem) => {
      const listed = limiter.admit(problem);
      if (listed) queue.push({ type: 'problem', problem: listed });
    },
    interchange: (interchange) => queue.push({ type: 'interchange', interchange }),
    group: (group) => queue.push({ type: 'group', group }),
    transaction: (transaction) => queue.push({ type: 'transaction', transaction }),
  });
  const tokenizer = new SegmentTokenizer(reader);
  for await (const chunk of chunks) {
    // Small slices keep each batch of claims short-lived: handed out before the next slice is read, they die young
    // (a scavenge) instead of being copied into the old generation.
    for (let offset = 0; offset < chunk.length; offset += STREAM_SLICE) {
      tokenizer.write(chunk.length <= STREAM_SLICE ? chunk : chunk.slice(offset, offset + STREAM_SLICE));
      if (reader.fatalIssue && reader.supportedTransactions === 0) refuseWhenNothingIs837(reader);
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        yield* batch;
      }
    }
  }
  tokenizer.end();
  reader.end();
  for (const problem of limiter.overflow()) queue.push({ type: 'problem', problem });
  refuseWhenNothingIs837(reader);
  yield* queue;
}

function refuseWhenNothingIs837(reader: Reader837): void {
  if (reader.supportedTransactions > 0 || reader.claimsRead > 0) return;
  const fatal = reader.fatalIssue;
  if (fatal && (fatal.kind === 'not-x12' || fatal.kind === 'bad-isa')) {
    throw new UnreadableDocument(fatal.message, fatal.kind === 'bad-isa' ? 'ISA segment' : 'start of the file');
  }
  const seen = [...reader.transactionSetsSeen.keys()];
  if (seen.length === 0) {
    throw new UnreadableDocument(
      fatal ? fatal.message : 'the interchange holds no transaction sets (no ST segment)',
      'whole file',
    );
  }
  const described = seen
    .map((id) =>
      id === '837' ? '837 (not 837P/837I)' : TRANSACTION_SET_NAMES[id] ? `${id} (${TRANSACTION_SET_NAMES[id]})` : /^\d{3}$/.test(id) ? id : 'unrecognized',
    )
    .join(', ');
  throw new UnreadableDocument(
    `this X12 file holds ${described} transaction sets, not 837 claims: Parley reads only 837P and 837I claims`,
    `segment 1 (ST) of transaction set ${reader.firstControlNumber ?? '?'}`,
  );
}

function flagRejectedClaims(result: Read837Result): void {
  const groupErrors = new Map<number, string[]>();
  for (const group of result.groups) if (group.errorCodes.length > 0) groupErrors.set(group.groupIndex, group.errorCodes);
  const byIndex = new Map(result.bills.map((bill) => [bill.claimIndex, bill]));
  for (const transaction of result.transactions) {
    if (transaction.transactionSetId !== '837' || transaction.firstClaimIndex === null) continue;
    const reasons: string[] = [];
    if (transaction.status === 'rejected') {
      reasons.push(
        `transaction set ${transaction.controlNumber} is rejected in the 999 (${transaction.syntaxErrorCodes.map(describeSetError).join('; ')})`,
      );
    }
    const codes = groupErrors.get(transaction.groupIndex);
    if (codes) reasons.push(`its functional group has trailer errors (${codes.map(describeGroupError).join('; ')})`);
    if (reasons.length === 0) continue;
    for (let i = 0; i < transaction.claimCount; i++) {
      const bill = byIndex.get(transaction.firstClaimIndex + i);
      if (bill) bill.reviewReasons.push(...reasons);
    }
  }
}

export function describeSetError(code: string): string {
  switch (code) {
    case '1':
      return 'transaction set not supported';
    case '2':
      return 'SE trailer missing';
    case '3':
      return 'ST02 and SE02 control numbers differ';
    case '4':
      return 'SE01 segment count is wrong';
    case '6':
      return 'transaction set not in an HC group';
    case '7':
      return 'ST02 control number is invalid';
    case '23':
      return 'ST02 control number repeats within the group';
    case 'I6':
      return 'implementation not supported';
    default:
      return `error ${code}`;
  }
}

export function describeGroupError(code: string): string {
  switch (code) {
    case '3':
      return 'GE trailer missing';
    case '4':
      return 'GS06 and GE02 control numbers differ';
    case '5':
      return 'GE01 transaction set count is wrong';
    default:
      return `error ${code}`;
  }
}
