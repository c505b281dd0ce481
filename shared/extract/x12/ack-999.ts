// Builds the 999 implementation acknowledgment (005010X231A1) for every 837 transaction set a read837 result holds.
import type { GroupSummary, InterchangeSummary, Read837Result, SegmentNote, TransactionSummary } from './summary.ts';
import type { Separators } from './tokenizer.ts';

export interface Build999Options {
  /** The 999's sender (ISA06, qualifier ZZ): Parley. Defaults to the receiver of the acknowledged interchange. */
  senderId?: string;
  /** The 999's receiver (ISA08, qualifier ZZ). Defaults to the sender of the acknowledged interchange. */
  receiverId?: string;
  /** ISA13 of the (first) 999 interchange; each further interchange takes the next number. Also the GS06 base. */
  controlNumber: number;
  now: Date;
}

/**
 * One 999 interchange per received interchange, one 999 transaction set per received functional group: AK1 names the
 * group, an AK2 per transaction set with IK3/IK4 for each noted error (pointing at the segment position, loop and
 * element), CTX with the claim's CLM01 when the error sits in a claim, IK5 A/E/R, and AK9 with the group's counts.
 * The 999 uses the separators of the interchange it answers, so every copied value (IK404, CTX) fits them.
 */
export function build999(result: Read837Result, options: Build999Options): string {
  if (result.interchanges.length === 0) throw new RangeError('build999: the result holds no interchange to acknowledge');
  const stamp = timestamps(options.now);
  const pieces: string[] = [];
  result.interchanges.forEach((interchange, i) => {
    const groups = result.groups.filter((g) => g.interchangeIndex === interchange.interchangeIndex);
    pieces.push(ackInterchange(interchange, groups, result.transactions, options, options.controlNumber + i, stamp));
  });
  return pieces.join('');
}

interface Stamp {
  yymmdd: string;
  ccyymmdd: string;
  hhmm: string;
}

function timestamps(now: Date): Stamp {
  const iso = now.toISOString();
  const ccyymmdd = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: iso.slice(11, 13) + iso.slice(14, 16) };
}

function ackInterchange(
  interchange: InterchangeSummary,
  groups: GroupSummary[],
  transactions: TransactionSummary[],
  options: Build999Options,
  control: number,
  stamp: Stamp,
): string {
  const separators = ackSeparators(interchange.separators);
  const out = new Writer(separators);
  const controlText = String(control % 1_000_000_000).padStart(9, '0');
  const senderQualifier = options.senderId !== undefined ? 'ZZ' : interchange.receiverQualifier || 'ZZ';
  const receiverQualifier = options.receiverId !== undefined ? 'ZZ' : interchange.senderQualifier || 'ZZ';
  const sender = clean(options.senderId ?? interchange.receiverId, separators);
  const receiver = clean(options.receiverId ?? interchange.senderId, separators);
  out.isa([
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    senderQualifier.padEnd(2, ' ').slice(0, 2),
    sender.padEnd(15, ' '),
    receiverQualifier.padEnd(2, ' ').slice(0, 2),
    receiver.padEnd(15, ' '),
    stamp.yymmdd,
    stamp.hhmm,
    separators.repetition!,
    '00501',
    controlText,
    '0',
    interchange.usage === 'T' ? 'T' : 'P',
    separators.component,
  ]);
  const groupControl = String(control % 1_000_000_000);
  out.segment(['GS', 'FA', clean(groups[0]?.receiverCode || sender, separators), clean(groups[0]?.senderCode || receiver, separators), stamp.ccyymmdd, stamp.hhmm, groupControl, 'X', '005010X231A1']);
  groups.forEach((group, i) => {
    const sets = transactions.filter((t) => t.groupIndex === group.groupIndex);
    ackGroup(out, group, sets, String(i + 1).padStart(4, '0'));
  });
  out.segment(['GE', String(groups.length), groupControl]);
  out.segment(['IEA', '1', controlText]);
  return out.text();
}

function ackGroup(out: Writer, group: GroupSummary, sets: TransactionSummary[], stControl: string): void {
  const start = out.count;
  out.segment(['ST', '999', stControl, '005010X231A1']);
  out.segment(['AK1', group.functionalId, group.controlNumber, group.version]);
  let accepted = 0;
  for (const set of sets) {
    out.segment(trimEmpty(['AK2', set.transactionSetId, set.controlNumber, set.implementationReference ?? '']));
    for (const note of set.errors) ackNote(out, note);
    const code = set.status === 'rejected' ? 'R' : set.status === 'accepted-with-errors' ? 'E' : 'A';
    if (code !== 'R') accepted++;
    const reasons = set.syntaxErrorCodes.slice();
    if (set.errors.length > 0 && reasons.length < 5) reasons.push('I5');
    out.segment(['IK5', code, ...reasons.slice(0, 5)]);
  }
  const received = sets.length;
  const groupRejected = group.errorCodes.length > 0;
  const ack =
    groupRejected || (received > 0 && accepted === 0)
      ? 'R'
      : accepted < received
        ? 'P'
        : sets.some((s) => s.status === 'accepted-with-errors')
          ? 'E'
          : 'A';
  out.segment(['AK9', ack, String(group.declaredTransactionCount ?? received), String(received), String(accepted), ...group.errorCodes.slice(0, 5)]);
  out.segment(['SE', String(out.count - start + 1), stControl]);
}

function ackNote(out: Writer, note: SegmentNote): void {
  const separators = out.separators;
  out.segment(trimEmpty(['IK3', note.segmentId, String(note.position), note.loop ?? '', note.code]));
  if (note.claimNumber) out.segment(['CTX', `CLM01${separators.component}${clean(note.claimNumber, separators)}`]);
  const element = note.element;
  if (element) {
    const position = element.component ? `${element.position}${separators.component}${element.component}` : String(element.position);
    out.segment(trimEmpty(['IK4', position, element.dataElement ?? '', element.code, element.value ? clean(element.value, separators) : '']));
  }
}

/** The answered interchange's separators, with a repetition separator even when it had none (4010). */
function ackSeparators(original: Separators): Separators {
  if (original.repetition) return original;
  const used = new Set([original.element, original.component, original.segment]);
  const repetition = ['^', '{', '}', '!', '|'].find((c) => !used.has(c))!;
  return { ...original, repetition };
}

/** A value copied into the 999 must not contain a separator (it cannot, when it came from the same interchange). */
function clean(value: string, separators: Separators): string {
  let text = value;
  for (const s of [separators.element, separators.component, separators.segment, separators.repetition ?? '']) {
    if (s) text = text.split(s).join(' ');
  }
  return text.trim();
}

function trimEmpty(elements: string[]): string[] {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end);
}

class Writer {
  private readonly parts: string[] = [];
  count = 0;

  /** A line break after each terminator for people reading the file, unless the terminator is one already. */
  private readonly end: string;

  constructor(readonly separators: Separators) {
    this.end = separators.segment === '\n' || separators.segment === '\r' ? separators.segment : `${separators.segment}\n`;
  }

  isa(elements: string[]): void {
    this.parts.push(elements.join(this.separators.element) + this.end);
  }

  segment(elements: string[]): void {
    this.count++;
    this.parts.push(elements.join(this.separators.element) + this.end);
  }

  text(): string {
    return this.parts.join('');
  }
}
