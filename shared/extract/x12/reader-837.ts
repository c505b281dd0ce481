// The 837P/837I reader: turns segments into Bills (one per CLM) as each claim completes, validating envelopes,
// the HL hierarchy, required segments and sums, and noting every error with its segment position and loop.
import type { Address, Bill, ClaimType, Provider, ServiceLine } from '../../model/bill.ts';
import type { Provenance } from '../../model/provenance.ts';
import type { ExtractionProblem } from '../extraction-result.ts';
import {
  claimProviderLoop,
  claimProviderRole,
  hierarchyNameLoop,
  lineProviderLoop,
  otherPayerLoop,
  TRANSACTION_SET_NAMES,
} from './loops.ts';
import type {
  ElementNote,
  GroupSummary,
  InterchangeSummary,
  SegmentNote,
  TransactionSummary,
} from './summary.ts';
import type { SegmentSink, Separators, TokenizerIssue } from './tokenizer.ts';
import { intern } from './intern.ts';
import { CLAIM_KEYS, diagnosisKey, lineKeys, providerKeys, type LineKeys } from './provenance-keys.ts';
import { attachProvenance, ProvenanceArena, ProvenanceLog, segmentProvenance, type ProvRef } from './provenance-log.ts';
import { normalizeRevenueCode, parseAmountCents, parseD8, parseDtpDate, parseQuantity } from './values.ts';

export interface ReaderOutput {
  bill(bill: Bill): void;
  problem(problem: ExtractionProblem): void;
  interchange(summary: InterchangeSummary): void;
  group(summary: GroupSummary): void;
  transaction(summary: TransactionSummary): void;
}

/** A 999 carries a bounded number of errors per transaction set; the rest are counted, not listed. */
const MAX_NOTES_PER_TRANSACTION = 500;

type ProvenanceKey = 'name' | 'npi' | 'tin' | 'taxonomy' | 'line1' | 'line2' | 'city' | 'state' | 'zip' | 'zipPlus4';

interface ProviderState {
  provider: Provider;
  prov: Partial<Record<ProvenanceKey, ProvRef>>;
}

interface PersonState {
  memberId: string | null;
  lastName: string | null;
  firstName: string | null;
  prov: Provenance;
}

interface PayerState {
  name: string | null;
  id: string | null;
  prov: Provenance;
}

interface HierarchyNode {
  id: string;
  level: string;
  position: number;
  parent: HierarchyNode | null;
  billing: ProviderState | null;
  payTo: ProviderState | null;
  pendingTaxonomy: { code: string; prov: ProvRef } | null;
  subscriber: PersonState | null;
  payer: PayerState | null;
  patient: PersonState | null;
  /** Problems of this level that every claim under it inherits. */
  reasons: string[];
  reported: Set<string>;
}

interface LineState {
  line: ServiceLine;
  index: number;
  position: number;
  service: 'SV1' | 'SV2' | null;
  chargeValid: boolean;
  sawDate: boolean;
  dateRef: ProvRef | null;
  keys: LineKeys;
}

interface ClaimState {
  bill: Bill;
  position: number;
  owner: HierarchyNode | null;
  clmType: ClaimType | null;
  facilityCode: string | null;
  frequency: string | null;
  clm05Prov: ProvRef | null;
  providers: ProviderState[];
  lines: LineState[];
  line: LineState | null;
  otherPayer: boolean;
  principal: { code: string; prov: ProvRef } | null;
  otherDiagnoses: { code: string; prov: ProvRef }[];
  laterDiagnoses: { code: string; prov: ProvRef }[];
  log: ProvenanceLog;
  truncated: boolean;
}

interface TransactionState {
  summary: TransactionSummary;
  position: number;
  supported: boolean;
  claimType: ClaimType | null;
  version: '5010' | '4010';
  loop: string | null;
  entity: ProviderState | null;
  stack: HierarchyNode[];
  node: HierarchyNode | null;
  lastHl: number;
  claim: ClaimState | null;
  sawBht: boolean;
  sawHl: boolean;
  toleratedComponent: string | null;
}

interface GroupState {
  summary: GroupSummary;
  controlNumbers: Set<string>;
}

interface InterchangeState {
  summary: InterchangeSummary;
}

export class Reader837 implements SegmentSink {
  private interchange: InterchangeState | null = null;
  private group: GroupState | null = null;
  private tx: TransactionState | null = null;
  private separators: Separators | null = null;
  private interchangeCount = 0;
  private groupCount = 0;
  private fileSegment = 0;
  private nextClaimIndex = 0;
  /** Provenance of the segment being read, made once and shared by every field read from it. */
  private segmentProv: Provenance | null = null;
  private segmentId = '';
  private ended = false;
  private readonly arena = new ProvenanceArena();
  /** Counts of transaction sets by ST01, to tell 837s from refused sets. */
  readonly transactionSetsSeen = new Map<string, number>();
  fatalIssue: TokenizerIssue | null = null;
  claimsRead = 0;
  /** 837P/837I transaction sets opened (not refused). */
  supportedTransactions = 0;
  firstControlNumber: string | null = null;

  constructor(private readonly out: ReaderOutput) {}

  // ---- tokenizer sink -------------------------------------------------------------------------------------------

  issue(issue: TokenizerIssue): void {
    if (issue.kind === 'not-x12' || issue.kind === 'bad-isa' || issue.kind === 'truncated' || issue.kind === 'too-long') {
      this.fatalIssue ??= issue;
    }
    const where =
      issue.kind === 'truncated' || issue.kind === 'stray-data' || issue.kind === 'too-long'
        ? `after segment ${this.fileSegment} of the file`
        : issue.kind === 'bad-isa'
          ? `ISA segment of interchange ${this.interchangeCount + 1}`
          : 'start of the file';
    if ((issue.kind === 'truncated' || issue.kind === 'too-long') && this.tx?.claim) this.tx.claim.truncated = true;
    this.out.problem({
      claimIndex: null,
      where,
      message: issue.message,
      fatal: issue.kind !== 'stray-data',
    });
  }

  segment(text: string, separators: Separators): void {
    this.fileSegment++;
    const idEnd = text.indexOf(separators.element);
    const code = segmentCode(text, idEnd < 0 ? text.length : idEnd);
    if (this.tx !== null && code !== SE && code !== ST && code !== GE && code !== GS && code !== IEA && code !== ISA) {
      this.transactionSegment(text, separators.element, code);
      return;
    }
    const elements = text.split(separators.element);
    const id = elements[0] ?? '';
    switch (id) {
      case 'ISA':
        this.closeTransaction('missing');
        this.closeGroup(null);
        this.closeInterchange(null);
        this.openInterchange(elements, separators);
        return;
      case 'GS':
        this.closeTransaction('missing');
        this.closeGroup(null);
        this.openGroup(elements);
        return;
      case 'ST':
        this.closeTransaction('missing');
        this.openTransaction(elements);
        return;
      case 'SE':
        if (this.tx) this.closeTransaction(elements);
        else this.envelopeProblem('SE', 'an SE trailer without an ST header');
        return;
      case 'GE':
        this.closeTransaction('missing');
        if (this.group) this.closeGroup(elements);
        else this.envelopeProblem('GE', 'a GE trailer without a GS header');
        return;
      case 'IEA':
        this.closeTransaction('missing');
        this.closeGroup(null);
        if (this.interchange) this.closeInterchange(elements);
        else this.envelopeProblem('IEA', 'an IEA trailer without an ISA header');
        return;
      default:
        this.envelopeProblem(id, `segment ${safeId(id)} outside a transaction set (ST/SE) was ignored`);
    }
  }

  /** Ends reading: closes whatever the input left open (a cut-off file) and reports it. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.tx) {
      if (this.tx.claim) this.tx.claim.truncated = true;
      const tx = this.tx;
      this.out.problem({
        claimIndex: null,
        where: `after segment ${tx.position} of transaction set ${tx.summary.controlNumber}`,
        message: `the input ends inside transaction set ${tx.summary.controlNumber} (no SE trailer): it looks cut off`,
        fatal: true,
      });
    }
    this.closeTransaction('missing');
    this.closeGroup(null);
    this.closeInterchange(null);
  }

  // ---- envelopes ------------------------------------------------------------------------------------------------

  private envelopeWhere(id: string): string {
    return `${safeId(id)} segment (segment ${this.fileSegment} of the file)`;
  }

  private envelopeProblem(id: string, message: string, fatal = false): void {
    this.out.problem({ claimIndex: null, where: this.envelopeWhere(id), message, fatal });
  }

  private openInterchange(elements: string[], separators: Separators): void {
    this.separators = separators;
    this.interchangeCount++;
    this.interchange = {
      summary: {
        interchangeIndex: this.interchangeCount - 1,
        senderQualifier: (elements[5] ?? '').trim(),
        senderId: (elements[6] ?? '').trim(),
        receiverQualifier: (elements[7] ?? '').trim(),
        receiverId: (elements[8] ?? '').trim(),
        controlNumber: (elements[13] ?? '').trim(),
        usage: (elements[15] ?? '').trim(),
        versionNumber: (elements[12] ?? '').trim(),
        separators,
        declaredGroupCount: null,
        groupCount: 0,
        errors: [],
      },
    };
  }

  private closeInterchange(iea: string[] | null): void {
    const state = this.interchange;
    if (!state) return;
    this.interchange = null;
    const summary = state.summary;
    if (iea === null) {
      summary.errors.push('the interchange has no IEA trailer');
      this.envelopeProblem('ISA', `interchange ${summary.controlNumber} has no IEA trailer`);
    } else {
      const declared = parseCount(iea[1]);
      summary.declaredGroupCount = declared;
      if (declared !== summary.groupCount) {
        const message = `IEA01 says ${iea[1] ?? '(missing)'} functional groups but the interchange holds ${summary.groupCount}`;
        summary.errors.push(message);
        this.envelopeProblem('IEA', message);
      }
      if ((iea[2] ?? '').trim() !== summary.controlNumber) {
        const message = `IEA02 control number ${(iea[2] ?? '').trim()} does not match ISA13 ${summary.controlNumber}`;
        summary.errors.push(message);
        this.envelopeProblem('IEA', message);
      }
    }
    this.out.interchange(summary);
  }

  private openGroup(elements: string[]): void {
    if (!this.interchange) return;
    this.interchange.summary.groupCount++;
    this.groupCount++;
    this.group = {
      summary: {
        interchangeIndex: this.interchange.summary.interchangeIndex,
        groupIndex: this.groupCount - 1,
        functionalId: elements[1] ?? '',
        senderCode: elements[2] ?? '',
        receiverCode: elements[3] ?? '',
        controlNumber: elements[6] ?? '',
        version: elements[8] ?? '',
        declaredTransactionCount: null,
        transactionCount: 0,
        errorCodes: [],
      },
      controlNumbers: new Set(),
    };
  }

  private closeGroup(ge: string[] | null): void {
    const state = this.group;
    if (!state) return;
    this.group = null;
    const summary = state.summary;
    if (ge === null) {
      summary.errorCodes.push('3');
      this.envelopeProblem('GS', `functional group ${summary.controlNumber} has no GE trailer`);
    } else {
      const declared = parseCount(ge[1]);
      summary.declaredTransactionCount = declared;
      if (declared !== summary.transactionCount) {
        summary.errorCodes.push('5');
        this.envelopeProblem(
          'GE',
          `GE01 says ${ge[1] ?? '(missing)'} transaction sets but functional group ${summary.controlNumber} holds ${summary.transactionCount}`,
        );
      }
      if ((ge[2] ?? '') !== summary.controlNumber) {
        summary.errorCodes.push('4');
        this.envelopeProblem('GE', `GE02 control number ${ge[2] ?? ''} does not match GS06 ${summary.controlNumber}`);
      }
    }
    this.out.group(summary);
  }

  private openTransaction(elements: string[]): void {
    if (!this.group) {
      this.envelopeProblem('ST', 'an ST header outside a functional group (GS/GE)');
      this.openGroup(['GS', '', '', '', '', '', '', '', '']);
      if (this.group) (this.group as GroupState).summary.errorCodes.push('3');
    }
    const group = this.group!;
    group.summary.transactionCount++;
    const setId = elements[1] ?? '';
    const controlNumber = elements[2] ?? '';
    const reference = elements[3] || group.summary.version || null;
    const st03 = elements[3] || null;
    this.transactionSetsSeen.set(setId, (this.transactionSetsSeen.get(setId) ?? 0) + 1);
    const summary: TransactionSummary = {
      interchangeIndex: group.summary.interchangeIndex,
      groupIndex: group.summary.groupIndex,
      transactionSetId: setId,
      controlNumber,
      implementationReference: st03,
      version: reference,
      claimType: null,
      firstClaimIndex: null,
      claimCount: 0,
      lineCount: 0,
      segmentCount: 1,
      declaredSegmentCount: null,
      status: 'accepted',
      syntaxErrorCodes: [],
      errors: [],
      errorsTruncated: false,
    };
    const tx: TransactionState = {
      summary,
      position: 1,
      supported: true,
      claimType: claimTypeOf(reference),
      version: (reference ?? '').startsWith('004') ? '4010' : '5010',
      loop: null,
      entity: null,
      stack: [],
      node: null,
      lastHl: 0,
      claim: null,
      sawBht: false,
      sawHl: false,
      toleratedComponent: null,
    };
    summary.claimType = tx.claimType;
    this.tx = tx;
    if (group.controlNumbers.has(controlNumber)) summary.syntaxErrorCodes.push('23');
    group.controlNumbers.add(controlNumber);
    if (!/^\d{4,9}$/.test(controlNumber)) summary.syntaxErrorCodes.push('7');

    this.firstControlNumber ??= controlNumber;
    const refusal = refusalOf(setId, reference, group.summary.functionalId);
    if (!refusal) this.supportedTransactions++;
    if (refusal) {
      tx.supported = false;
      summary.syntaxErrorCodes.push(refusal.code);
      this.out.problem({
        claimIndex: null,
        where: `segment 1 (ST) of transaction set ${controlNumber}`,
        message: refusal.message,
        fatal: false,
      });
    }
  }

  private closeTransaction(se: string[] | 'missing'): void {
    const tx = this.tx;
    if (!tx) return;
    if (tx.supported) this.closeClaim();
    this.tx = null;
    const summary = tx.summary;
    if (se === 'missing') {
      summary.segmentCount = tx.position;
      summary.syntaxErrorCodes.push('2');
      this.out.problem({
        claimIndex: null,
        where: `after segment ${tx.position} of transaction set ${summary.controlNumber}`,
        message: `transaction set ${summary.controlNumber} has no SE trailer`,
        fatal: false,
      });
    } else {
      tx.position++;
      summary.segmentCount = tx.position;
      const declared = parseCount(se[1]);
      summary.declaredSegmentCount = declared;
      if (declared !== tx.position) {
        summary.syntaxErrorCodes.push('4');
        this.out.problem({
          claimIndex: null,
          where: `segment ${tx.position} (SE)`,
          message: `SE01 says ${se[1] || '(missing)'} segments but transaction set ${summary.controlNumber} has ${tx.position}`,
          fatal: false,
        });
      }
      if ((se[2] ?? '') !== summary.controlNumber) {
        summary.syntaxErrorCodes.push('3');
        this.out.problem({
          claimIndex: null,
          where: `segment ${tx.position} (SE)`,
          message: `SE02 control number ${se[2] ?? ''} does not match ST02 ${summary.controlNumber}`,
          fatal: false,
        });
      }
    }
    if (tx.supported) {
      if (!tx.sawBht) this.note(tx, { position: 2, segmentId: 'BHT', loop: null, code: '3' }, 'the BHT segment is missing', null);
      if (!tx.sawHl) this.note(tx, { position: 2, segmentId: 'HL', loop: '2000A', code: '3' }, 'the transaction set has no HL hierarchy (no claims)', null);
      else if (summary.claimCount === 0) {
        this.note(tx, { position: tx.position, segmentId: 'SE', loop: null, code: '3' }, `transaction set ${summary.controlNumber} holds ${tx.position} segments but no claim (no CLM segment)`, null);
      }
    }
    const uniqueCodes = [...new Set(summary.syntaxErrorCodes)];
    summary.syntaxErrorCodes = uniqueCodes;
    summary.status =
      uniqueCodes.length > 0 || !tx.supported ? 'rejected' : summary.errors.length > 0 ? 'accepted-with-errors' : 'accepted';
    this.out.transaction(summary);
  }

  // ---- transaction body -----------------------------------------------------------------------------------------

  /** Dispatches a segment inside ST/SE by its id code; only segments the reader uses are split into elements. */
  private transactionSegment(text: string, separator: string, code: number): void {
    const tx = this.tx!;
    tx.position++;
    if (!tx.supported) return;
    this.segmentProv = null;
    switch (code) {
      case LX:
        this.segmentId = 'LX';
        return this.lx(tx, elementAt(text, separator, 1));
      case DTP:
        if (tx.claim === null) return;
        this.segmentId = 'DTP';
        return this.dtp(tx, text, separator);
      case SV1:
        this.segmentId = 'SV1';
        return this.sv1(tx, text.split(separator));
      case SV2:
        this.segmentId = 'SV2';
        return this.sv2(tx, text.split(separator));
      case NM1:
        this.segmentId = 'NM1';
        return this.nm1(tx, text.split(separator));
      case HI:
        this.segmentId = 'HI';
        return this.hi(tx, text.split(separator));
      case CLM:
        this.segmentId = 'CLM';
        return this.clm(tx, text.split(separator));
      case HL:
        this.segmentId = 'HL';
        return this.hl(tx, text.split(separator));
      case HCP:
        this.segmentId = 'HCP';
        return this.hcp(tx, text.split(separator));
      case N3:
        if (tx.entity === null) return;
        this.segmentId = 'N3';
        return this.n3(tx, text.split(separator));
      case N4:
        if (tx.entity === null) return;
        this.segmentId = 'N4';
        return this.n4(tx, text.split(separator));
      case REF:
        if (tx.entity === null) return;
        this.segmentId = 'REF';
        return this.ref(tx, text.split(separator));
      case PRV:
        this.segmentId = 'PRV';
        return this.prv(tx, text.split(separator));
      case LIN:
        this.segmentId = 'LIN';
        return this.lin(tx, text.split(separator));
      case AMT:
        if (tx.claim === null || tx.claim.line !== null || tx.claim.otherPayer) return;
        this.segmentId = 'AMT';
        return this.amt(tx, text.split(separator));
      case SBR:
        tx.entity = null;
        if (tx.claim) {
          tx.claim.otherPayer = true;
          tx.loop = '2320';
        } else {
          tx.loop = '2000B';
        }
        return;
      case SVD:
        tx.loop = '2430';
        tx.entity = null;
        return;
      case LQ:
        tx.loop = '2440';
        tx.entity = null;
        return;
      case BHT:
        tx.sawBht = true;
        tx.loop = null;
        return;
      default:
        if (code < 0) {
          this.segmentId = '?';
          this.note(tx, { code: '1' }, 'unrecognized segment id', tx.claim ? tx.claim.bill.claimIndex : null, false);
        }
    }
  }

  /** Where the current segment is: a slot in the claim's log inside a claim, else an object claims share. */
  private prov(tx: TransactionState): ProvRef {
    if (tx.claim !== null) return tx.claim.log.slot(tx.position, this.segmentId, tx.loop);
    let prov = this.segmentProv;
    if (prov === null) {
      prov = segmentProvenance(tx.position, this.segmentId, tx.loop);
      this.segmentProv = prov;
    }
    return prov;
  }

  /** A shared Provenance object for hierarchy-level data (never a claim slot). */
  private sharedProv(tx: TransactionState): Provenance {
    let prov = this.segmentProv;
    if (prov === null) {
      prov = segmentProvenance(tx.position, this.segmentId, tx.loop);
      this.segmentProv = prov;
    }
    return prov;
  }

  private where(position: number, segmentId: string, loop: string | null): string {
    return loop ? `segment ${position} (${segmentId}, loop ${loop})` : `segment ${position} (${segmentId})`;
  }

  /**
   * Records an error at a segment (the current one unless given): in the transaction's 999 notes, as a problem, and,
   * when it belongs to a claim and `review` holds, as a review reason on that claim.
   */
  private note(
    tx: TransactionState,
    at: {
      position?: number;
      segmentId?: string;
      loop?: string | null;
      code: string;
      element?: ElementNote;
      /** For a missing segment: the id of the segment actually at `position`, where it was found missing. */
      anchor?: string;
    },
    message: string,
    claimIndex: number | null,
    review = true,
  ): string {
    const position = at.position ?? tx.position;
    const segmentId = at.segmentId ?? this.segmentId;
    const loop = at.loop === undefined ? tx.loop : at.loop;
    const where = this.where(position, safeId(at.anchor ?? segmentId), at.anchor === 'HL' ? hierarchyLoop(loop) : loop);
    const summary = tx.summary;
    if (summary.errors.length < MAX_NOTES_PER_TRANSACTION) {
      const note: SegmentNote = { position, segmentId: safeId(segmentId), loop, code: at.code, message, claimIndex };
      if (at.element) note.element = at.element;
      if (claimIndex !== null && tx.claim && tx.claim.bill.claimIndex === claimIndex) note.claimNumber = tx.claim.bill.claimNumber;
      summary.errors.push(note);
    } else {
      summary.errorsTruncated = true;
    }
    this.out.problem({ claimIndex, where, message, fatal: false });
    const reason = `${message} (${where})`;
    if (review && claimIndex !== null && tx.claim && tx.claim.bill.claimIndex === claimIndex) tx.claim.bill.reviewReasons.push(reason);
    return reason;
  }

  private claimIndexOf(tx: TransactionState): number | null {
    return tx.claim ? tx.claim.bill.claimIndex : null;
  }

  /** Splits a composite element; tolerates a sender using another component separator than its ISA16 declares. */
  private composite(tx: TransactionState, value: string): string[] {
    const separator = this.separators!.component;
    if (value.indexOf(separator) >= 0) return value.split(separator);
    const alt = /^[A-Za-z0-9]{1,3}([^A-Za-z0-9 .\-])/.exec(value);
    if (alt) {
      const candidate = alt[1]!;
      const seps = this.separators!;
      if (candidate !== seps.element && candidate !== seps.segment && candidate !== seps.repetition) {
        if (tx.toleratedComponent !== candidate) {
          tx.toleratedComponent = candidate;
          this.out.problem({
            claimIndex: null,
            where: this.where(tx.position, this.segmentId, tx.loop),
            message: `composite elements use '${candidate}' as component separator although ISA16 declares '${separator}'; read as components`,
            fatal: false,
          });
        }
        return value.split(candidate);
      }
    }
    return [value];
  }

  private hl(tx: TransactionState, el: string[]): void {
    this.closeClaim();
    tx.sawHl = true;
    tx.entity = null;
    const id = el[1] ?? '';
    const parentId = el[2] ?? '';
    const level = el[3] ?? '';
    tx.loop = level === '20' ? '2000A' : level === '22' ? '2000B' : level === '23' ? '2000C' : '2000';
    const node: HierarchyNode = {
      id,
      level,
      position: tx.position,
      parent: null,
      billing: null,
      payTo: null,
      pendingTaxonomy: null,
      subscriber: null,
      payer: null,
      patient: null,
      reasons: [],
      reported: new Set(),
    };
    const expected = tx.lastHl + 1;
    const numeric = /^\d+$/.test(id) ? Number(id) : NaN;
    if (numeric !== expected) {
      this.note(tx, { code: '8', element: { position: 1, dataElement: '628', code: 'I12', value: id.slice(0, 12) } }, `HL01 should be ${expected}`, null);
    }
    if (!Number.isNaN(numeric)) tx.lastHl = numeric;
    else tx.lastHl = expected;
    const stack = tx.stack;
    if (parentId === '') {
      stack.length = 0;
      if (level !== '20') {
        node.reasons.push(this.note(tx, { code: '8', element: { position: 2, dataElement: '734', code: '1' } }, `HL level ${safeCode(level)} has no parent (HL02)`, null));
      }
    } else {
      while (stack.length > 0 && stack[stack.length - 1]!.id !== parentId) stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) {
        node.reasons.push(this.note(tx, { code: '8', element: { position: 2, dataElement: '734', code: 'I12' } }, 'HL02 names a parent that is not an enclosing HL level', null));
      } else {
        node.parent = parent;
        const expectedParent = level === '22' ? '20' : level === '23' ? '22' : null;
        if (expectedParent && parent.level !== expectedParent) {
          node.reasons.push(this.note(tx, { code: '8', element: { position: 2, dataElement: '734', code: 'I12' } }, `HL level ${level} must sit under level ${expectedParent}`, null));
        }
      }
    }
    if (level !== '20' && level !== '22' && level !== '23') {
      node.reasons.push(this.note(tx, { code: '8', element: { position: 3, dataElement: '735', code: '7', value: level.slice(0, 3) } }, `HL03 level code ${safeCode(level)} is not 20, 22 or 23`, null));
    }
    stack.push(node);
    tx.node = node;
  }

  private newProvider(tx: TransactionState, role: Provider['role'], el: string[]): ProviderState {
    const prov = this.prov(tx);
    const organization = el[2] === '2';
    const name = organization ? el[3] || null : personName(el);
    const qualifier = el[8] ?? '';
    const idValue = el[9] || null;
    const npi = qualifier === 'XX' ? idValue : null;
    const tin = (qualifier === '24' || qualifier === '34' || qualifier === 'FI') && idValue ? normalizeTin(idValue) : null;
    const state: ProviderState = {
      provider: { role, name, npi, tin, address: null, taxonomy: null },
      prov: {},
    };
    if (name !== null) state.prov.name = prov;
    if (npi !== null) state.prov.npi = prov;
    if (tin !== null) state.prov.tin = prov;
    return state;
  }

  private nm1(tx: TransactionState, el: string[]): void {
    const entity = el[1] ?? '';
    const claim = tx.claim;
    tx.entity = null;
    if (claim) {
      const claimType = this.claimTypeFor(tx, claim);
      if (claim.line) {
        tx.loop = lineProviderLoop(entity, claimType);
        if (entity === '82' && el[8] === 'XX' && el[9]) {
          claim.line.line.renderingNpi = el[9];
          claim.log.set(claim.line.keys.renderingNpi, this.prov(tx));
        }
      } else if (claim.otherPayer) {
        tx.loop = otherPayerLoop(entity, claimType);
      } else {
        tx.loop = claimProviderLoop(entity, claimType, tx.version);
        const role = claimProviderRole(entity);
        if (role) {
          const provider = this.newProvider(tx, role, el);
          claim.providers.push(provider);
          tx.entity = provider;
        }
      }
      return;
    }
    const node = tx.node;
    if (!node) {
      tx.loop = entity === '41' ? '1000A' : entity === '40' ? '1000B' : '1000';
      return;
    }
    tx.loop = hierarchyNameLoop(entity, node.level);
    switch (entity) {
      case '85':
        node.billing = this.newProvider(tx, 'billing', el);
        tx.entity = node.billing;
        if (node.pendingTaxonomy) {
          node.billing.provider.taxonomy = node.pendingTaxonomy.code;
          node.billing.prov.taxonomy = node.pendingTaxonomy.prov;
        }
        return;
      case '87':
        node.payTo = this.newProvider(tx, 'pay-to', el);
        tx.entity = node.payTo;
        return;
      case 'IL':
        node.subscriber = { memberId: el[9] || null, lastName: el[3] || null, firstName: el[4] || null, prov: this.sharedProv(tx) };
        return;
      case 'PR':
        node.payer = { name: el[3] || null, id: el[9] || null, prov: this.sharedProv(tx) };
        return;
      case 'QC':
        node.patient = { memberId: null, lastName: el[3] || null, firstName: el[4] || null, prov: this.sharedProv(tx) };
        return;
    }
  }

  private address(state: ProviderState): Address {
    let address = state.provider.address;
    if (!address) {
      address = { line1: null, line2: null, city: null, state: null, zip: null, zipPlus4: null };
      state.provider.address = address;
    }
    return address;
  }

  private n3(tx: TransactionState, el: string[]): void {
    const entity = tx.entity;
    if (!entity) return;
    const address = this.address(entity);
    const prov = this.prov(tx);
    address.line1 = el[1] || null;
    address.line2 = el[2] || null;
    if (address.line1 !== null) entity.prov.line1 = prov;
    if (address.line2 !== null) entity.prov.line2 = prov;
  }

  private n4(tx: TransactionState, el: string[]): void {
    const entity = tx.entity;
    if (!entity) return;
    const address = this.address(entity);
    const prov = this.prov(tx);
    address.city = el[1] || null;
    address.state = el[2] || null;
    const postal = el[3] ?? '';
    const match = /^(\d{5})-?(\d{4})?$/.exec(postal);
    if (match) {
      address.zip = match[1]!;
      address.zipPlus4 = match[2] ?? null;
    } else {
      address.zip = postal || null;
      address.zipPlus4 = null;
      if (postal && (el[4] ?? '') === '') {
        this.note(tx, { code: '8', element: { position: 3, dataElement: '116', code: 'I12', value: postal.slice(0, 15) } }, 'N403 is not a 5- or 9-digit US ZIP code', this.claimIndexOf(tx), false);
      }
    }
    if (address.city !== null) entity.prov.city = prov;
    if (address.state !== null) entity.prov.state = prov;
    if (address.zip !== null) entity.prov.zip = prov;
    if (address.zipPlus4 !== null) entity.prov.zipPlus4 = prov;
  }

  private ref(tx: TransactionState, el: string[]): void {
    const entity = tx.entity;
    if (!entity) return;
    const qualifier = el[1];
    if ((qualifier === 'EI' || qualifier === 'SY') && el[2]) {
      entity.provider.tin = normalizeTin(el[2]);
      entity.prov.tin = this.prov(tx);
    }
  }

  private prv(tx: TransactionState, el: string[]): void {
    const code = el[3] || null;
    if (!code) return;
    if (tx.entity) {
      tx.entity.provider.taxonomy = code;
      tx.entity.prov.taxonomy = this.prov(tx);
    } else if (!tx.claim && tx.node && tx.node.level === '20') {
      tx.node.pendingTaxonomy = { code, prov: this.prov(tx) };
      if (tx.node.billing) {
        tx.node.billing.provider.taxonomy = code;
        tx.node.billing.prov.taxonomy = tx.node.pendingTaxonomy.prov;
      }
    }
  }

  private claimTypeFor(tx: TransactionState, claim: ClaimState): ClaimType {
    return tx.claimType ?? claim.clmType ?? (claim.lines.some((l) => l.service === 'SV2') ? 'institutional' : 'professional');
  }

  private clm(tx: TransactionState, el: string[]): void {
    this.closeClaim();
    tx.loop = '2300';
    tx.entity = null;
    const claimIndex = this.nextClaimIndex++;
    const log = new ProvenanceLog(this.arena);
    const bill = {
      sourceFormat: 'x12-837p',
      claimType: 'professional',
      claimIndex,
      claimNumber: el[1] || null,
      providers: [],
      payer: null,
      patient: { memberId: null, lastName: null, firstName: null, accountNumber: el[1] || null },
      statementFrom: null,
      statementTo: null,
      admissionDate: null,
      placeOfService: null,
      typeOfBill: null,
      frequencyCode: null,
      diagnoses: [],
      drg: null,
      totalChargeCents: null,
      amountPaidCents: null,
      existingRepricing: null,
      lines: [],
    } as Omit<Bill, 'provenance' | 'reviewReasons'> as Bill;
    attachProvenance(bill, log);
    bill.reviewReasons = [];
    const claim: ClaimState = {
      bill,
      position: tx.position,
      owner: tx.node,
      clmType: null,
      facilityCode: null,
      frequency: null,
      clm05Prov: null,
      providers: [],
      lines: [],
      line: null,
      otherPayer: false,
      principal: null,
      otherDiagnoses: [],
      laterDiagnoses: [],
      log,
      truncated: false,
    };
    tx.claim = claim;
    if (tx.summary.firstClaimIndex === null) tx.summary.firstClaimIndex = claimIndex;
    tx.summary.claimCount++;
    const prov = this.prov(tx);
    if (bill.claimNumber !== null) {
      log.set(CLAIM_KEYS.claimNumber, prov);
      log.set(CLAIM_KEYS['patient.accountNumber'], prov);
    } else {
      this.note(tx, { code: '8', element: { position: 1, dataElement: '1028', code: '1' } }, 'CLM01 claim number (patient control number) is missing', claimIndex);
    }
    const charge = el[2] ?? '';
    const cents = parseAmountCents(charge);
    if (cents === null || cents < 0) {
      this.note(
        tx,
        { code: '8', element: { position: 2, dataElement: '782', code: charge === '' ? '1' : '6', value: charge.slice(0, 18) } },
        charge === '' ? 'CLM02 total charge is missing' : cents !== null ? 'CLM02 total charge is negative' : 'CLM02 total charge is not a valid amount',
        claimIndex,
      );
    } else {
      bill.totalChargeCents = cents;
      log.set(CLAIM_KEYS.totalChargeCents, prov);
    }
    const clm05 = el[5] ?? '';
    if (clm05 === '') {
      this.note(tx, { code: '8', element: { position: 5, dataElement: 'C023', code: '1' } }, 'CLM05 (place of service or type of bill) is missing', claimIndex);
    } else {
      const parts = this.composite(tx, clm05);
      claim.facilityCode = parts[0] ? intern(parts[0]) : null;
      const qualifier = parts[1] ?? '';
      claim.clmType = qualifier === 'A' ? 'institutional' : qualifier === 'B' ? 'professional' : null;
      claim.frequency = parts[2] ? intern(parts[2]) : null;
      claim.clm05Prov = prov;
    }
    const node = tx.node;
    if (!node) {
      this.note(tx, { code: '2' }, 'CLM outside any HL hierarchy level', claimIndex);
    } else if (node.level !== '22' && node.level !== '23') {
      this.note(tx, { code: '2' }, `CLM under HL level ${safeCode(node.level)}; claims belong under a subscriber (22) or patient (23)`, claimIndex);
    }
  }

  /** DTP is a third of a typical 837's segments: read its three elements without splitting. */
  private dtp(tx: TransactionState, text: string, separator: string): void {
    const claim = tx.claim;
    if (!claim) return;
    const qualifier = elementAt(text, separator, 1);
    const line = claim.line;
    if (line) {
      if (qualifier !== '472') return;
      line.sawDate = true;
      const format = elementAt(text, separator, 2);
      const value = elementAt(text, separator, 3);
      let from: string | null;
      let to: string | null;
      if (format === 'D8') {
        from = to = parseD8(value);
      } else {
        const range = parseDtpDate(format, value);
        from = range ? range.from : null;
        to = range ? range.to : null;
      }
      if (from === null || to === null) {
        this.badDate(tx, format, value);
        return;
      }
      line.line.serviceDate = from;
      line.line.serviceDateTo = to;
      const prov = this.prov(tx);
      line.dateRef = prov;
      claim.log.set(line.keys.serviceDate, prov);
      claim.log.set(line.keys.serviceDateTo, prov);
      return;
    }
    if (claim.otherPayer || (qualifier !== '434' && qualifier !== '435')) return;
    const format = elementAt(text, separator, 2);
    const value = elementAt(text, separator, 3);
    const range = parseDtpDate(format, value);
    if (!range) {
      this.badDate(tx, format, value);
      return;
    }
    const bill = claim.bill;
    const log = claim.log;
    const prov = this.prov(tx);
    if (qualifier === '434') {
      bill.statementFrom = range.from;
      bill.statementTo = range.to;
      log.set(CLAIM_KEYS.statementFrom, prov);
      log.set(CLAIM_KEYS.statementTo, prov);
    } else {
      bill.admissionDate = range.from;
      log.set(CLAIM_KEYS.admissionDate, prov);
    }
  }

  private badDate(tx: TransactionState, format: string, value: string): void {
    this.note(
      tx,
      { code: '8', element: { position: 3, dataElement: '1251', code: '8', value: value.slice(0, 35) } },
      `DTP03 is not a valid ${safeCode(format) || 'date'} date`,
      this.claimIndexOf(tx),
    );
  }

  private hi(tx: TransactionState, el: string[]): void {
    const claim = tx.claim;
    if (!claim || claim.line || claim.otherPayer) return;
    const prov = this.prov(tx);
    for (let i = 1; i < el.length; i++) {
      const value = el[i]!;
      if (value === '') continue;
      const parts = this.composite(tx, value);
      const qualifier = parts[0] ?? '';
      const raw = parts[1] ?? '';
      const code = intern(raw.indexOf('.') >= 0 ? raw.replace(/\./g, '') : raw);
      if (code === '') {
        this.note(tx, { code: '8', element: { position: i, component: 2, dataElement: '1271', code: '1' } }, `HI${String(i).padStart(2, '0')} has a qualifier but no code`, claim.bill.claimIndex);
        continue;
      }
      switch (qualifier) {
        case 'ABK':
        case 'BK':
          if (claim.principal) claim.otherDiagnoses.push({ code, prov });
          else claim.principal = { code, prov };
          break;
        case 'ABF':
        case 'BF':
          claim.otherDiagnoses.push({ code, prov });
          break;
        case 'ABJ':
        case 'BJ':
        case 'APR':
        case 'PR':
        case 'ABN':
        case 'BN':
          claim.laterDiagnoses.push({ code, prov });
          break;
        case 'DR':
          claim.bill.drg = code;
          claim.log.set(CLAIM_KEYS.drg, prov);
          break;
      }
    }
  }

  private hcp(tx: TransactionState, el: string[]): void {
    const claim = tx.claim;
    if (!claim || claim.otherPayer) return;
    const claimIndex = claim.bill.claimIndex;
    const amount = (position: number): number | null => {
      const text = el[position] ?? '';
      if (text === '') return null;
      const cents = parseAmountCents(text);
      if (cents === null) {
        this.note(tx, { code: '8', element: { position, dataElement: '782', code: '6', value: text.slice(0, 18) } }, `HCP0${position} is not a valid amount`, claimIndex);
      }
      return cents;
    };
    const repricing = {
      methodology: el[1] ? intern(el[1]) : null,
      allowedCents: amount(2),
      savingsCents: amount(3),
      organizationId: el[4] || null,
    };
    const prov = this.prov(tx);
    if (claim.line) {
      claim.line.line.existingRepricing = repricing;
      claim.log.set(claim.line.keys.existingRepricing, prov);
    } else {
      claim.bill.existingRepricing = repricing;
      claim.log.set(CLAIM_KEYS.existingRepricing, prov);
    }
  }

  private amt(tx: TransactionState, el: string[]): void {
    const claim = tx.claim;
    if (!claim || claim.line || claim.otherPayer || el[1] !== 'F5') return;
    const cents = parseAmountCents(el[2] ?? '');
    if (cents === null) {
      this.note(tx, { code: '8', element: { position: 2, dataElement: '782', code: '6', value: (el[2] ?? '').slice(0, 18) } }, 'AMT02 is not a valid amount', claim.bill.claimIndex);
      return;
    }
    claim.bill.amountPaidCents = cents;
    claim.log.set(CLAIM_KEYS.amountPaidCents, this.prov(tx));
  }

  private lx(tx: TransactionState, lx01: string): void {
    tx.entity = null;
    const claim = tx.claim;
    if (!claim) {
      tx.loop = '2400';
      this.note(tx, { code: '2' }, 'LX service line outside a claim (no CLM before it)', null);
      return;
    }
    tx.loop = '2400';
    claim.otherPayer = false;
    const index = claim.lines.length;
    const line: ServiceLine = {
      lineNumber: index + 1,
      serviceDate: null,
      serviceDateTo: null,
      revenueCode: null,
      code: null,
      modifiers: [],
      chargeCents: 0,
      nonCoveredCents: null,
      unitBasis: null,
      units: 0,
      placeOfService: null,
      diagnosisPointers: [],
      ndc: null,
      renderingNpi: null,
      existingRepricing: null,
    };
    const state: LineState = { line, index, position: tx.position, service: null, chargeValid: false, sawDate: false, dateRef: null, keys: lineKeys(index) };
    claim.lines.push(state);
    claim.line = state;
    claim.bill.lines.push(line);
    claim.log.set(state.keys.lineNumber, this.prov(tx));
    tx.summary.lineCount++;
    if (lx01 !== String(index + 1)) {
      this.note(tx, { code: '8', element: { position: 1, dataElement: '554', code: 'I12', value: lx01.slice(0, 6) } }, `LX01 should be ${index + 1}`, claim.bill.claimIndex, false);
    }
  }

  private serviceLine(tx: TransactionState, id: 'SV1' | 'SV2'): LineState | null {
    const claim = tx.claim;
    const line = claim?.line ?? null;
    if (!line) {
      this.note(tx, { code: '2' }, `${id} outside a service line (no LX before it)`, this.claimIndexOf(tx));
      return null;
    }
    if (line.service) {
      this.note(tx, { code: '5' }, `a second ${id} in service line ${line.index + 1}`, claim!.bill.claimIndex);
      return null;
    }
    line.service = id;
    return line;
  }

  private procedure(tx: TransactionState, state: LineState, value: string, element: number, bill: Bill): void {
    const log = tx.claim!.log;
    const parts = this.composite(tx, value);
    const line = state.line;
    const prov = this.prov(tx);
    line.code = parts[1] ? intern(parts[1]) : null;
    if (line.code === null) {
      this.note(tx, { code: '8', element: { position: element, component: 2, dataElement: '234', code: '1' } }, `${this.segmentId}0${element} has no procedure code`, bill.claimIndex);
    } else {
      log.set(state.keys.code, prov);
    }
    for (let i = 2; i < 6 && i < parts.length; i++) {
      const modifier = parts[i]!;
      if (modifier !== '') line.modifiers.push(intern(modifier));
    }
    if (line.modifiers.length > 0) log.set(state.keys.modifiers, prov);
  }

  private charge(tx: TransactionState, state: LineState, value: string, element: number, bill: Bill): void {
    const log = tx.claim!.log;
    const cents = parseAmountCents(value);
    // The 837 implementation guides want line charges of zero or more: a negative one is not a charge to price.
    if (cents === null || cents < 0) {
      this.note(
        tx,
        { code: '8', element: { position: element, dataElement: '782', code: value === '' ? '1' : '6', value: value.slice(0, 18) } },
        `${this.segmentId}0${element} line charge ${value === '' ? 'is missing' : cents !== null ? 'is negative' : 'is not a valid amount'}`,
        bill.claimIndex,
      );
      return;
    }
    state.line.chargeCents = cents;
    state.chargeValid = true;
    log.set(state.keys.chargeCents, this.prov(tx));
  }

  private units(tx: TransactionState, state: LineState, basis: string, quantity: string, element: number, bill: Bill): void {
    const log = tx.claim!.log;
    const prov = this.prov(tx);
    if (basis !== '') {
      state.line.unitBasis = intern(basis);
      log.set(state.keys.unitBasis, prov);
    }
    const units = parseQuantity(quantity);
    if (units === null) {
      this.note(
        tx,
        { code: '8', element: { position: element + 1, dataElement: '380', code: quantity === '' ? '1' : '6', value: quantity.slice(0, 15) } },
        `${this.segmentId}0${element + 1} quantity ${quantity === '' ? 'is missing' : /^-(\d|\.\d)/.test(quantity) ? 'is negative' : 'is not a number'}`,
        bill.claimIndex,
      );
      return;
    }
    state.line.units = units;
    log.set(state.keys.units, prov);
  }

  private sv1(tx: TransactionState, el: string[]): void {
    const state = this.serviceLine(tx, 'SV1');
    if (!state) return;
    const log = tx.claim!.log;
    const bill = tx.claim!.bill;
    this.procedure(tx, state, el[1] ?? '', 1, bill);
    this.charge(tx, state, el[2] ?? '', 2, bill);
    this.units(tx, state, el[3] ?? '', el[4] ?? '', 3, bill);
    const prov = this.prov(tx);
    if (el[5]) {
      state.line.placeOfService = intern(el[5]);
      log.set(state.keys.placeOfService, prov);
    }
    const pointers = el[7] ?? '';
    if (pointers !== '') {
      for (const part of this.composite(tx, pointers)) {
        if (part === '') continue;
        const pointer = parseQuantity(part);
        if (pointer === null || !Number.isInteger(pointer) || pointer < 1) {
          this.note(tx, { code: '8', element: { position: 7, dataElement: '1328', code: '6', value: part.slice(0, 3) } }, 'SV107 diagnosis pointer is not a positive whole number', bill.claimIndex, false);
          continue;
        }
        state.line.diagnosisPointers.push(pointer);
      }
      if (state.line.diagnosisPointers.length > 0) log.set(state.keys.diagnosisPointers, prov);
    }
  }

  private sv2(tx: TransactionState, el: string[]): void {
    const state = this.serviceLine(tx, 'SV2');
    if (!state) return;
    const log = tx.claim!.log;
    const bill = tx.claim!.bill;
    const prov = this.prov(tx);
    const revenue = el[1] ?? '';
    const revenueCode = normalizeRevenueCode(revenue);
    if (revenueCode === null) {
      this.note(
        tx,
        { code: '8', element: { position: 1, dataElement: '234', code: revenue === '' ? '1' : '7', value: revenue.slice(0, 48) } },
        `SV201 revenue code ${revenue === '' ? 'is missing' : 'is not a revenue code'}`,
        bill.claimIndex,
      );
      if (revenue !== '') state.line.revenueCode = revenue;
    } else {
      state.line.revenueCode = intern(revenueCode);
      log.set(state.keys.revenueCode, prov);
    }
    if (el[2]) this.procedure(tx, state, el[2], 2, bill);
    this.charge(tx, state, el[3] ?? '', 3, bill);
    this.units(tx, state, el[4] ?? '', el[5] ?? '', 4, bill);
    const nonCovered = el[7] ?? '';
    if (nonCovered !== '') {
      const cents = parseAmountCents(nonCovered);
      if (cents === null) {
        this.note(tx, { code: '8', element: { position: 7, dataElement: '782', code: '6', value: nonCovered.slice(0, 18) } }, 'SV207 non-covered charge is not a valid amount', bill.claimIndex);
      } else {
        state.line.nonCoveredCents = cents;
        log.set(state.keys.nonCoveredCents, prov);
      }
    }
  }

  private lin(tx: TransactionState, el: string[]): void {
    tx.loop = '2410';
    tx.entity = null;
    const line = tx.claim?.line;
    if (!line) return;
    if (el[2] === 'N4' && el[3]) {
      line.line.ndc = el[3];
      tx.claim!.log.set(line.keys.ndc, this.prov(tx));
    }
  }

  // ---- claim completion -----------------------------------------------------------------------------------------

  private closeClaim(): void {
    const tx = this.tx;
    const claim = tx?.claim;
    if (!tx || !claim) return;
    // tx.claim stays set while the checks below note errors against this claim.
    const bill = claim.bill;
    const log = claim.log;
    const claimIndex = bill.claimIndex;
    const claimType = this.claimTypeFor(tx, claim);
    bill.claimType = claimType;
    bill.sourceFormat = claimType === 'institutional' ? 'x12-837i' : 'x12-837p';
    if (tx.summary.claimType === null) tx.summary.claimType = claimType;
    const clmWhere = { position: claim.position, segmentId: 'CLM', loop: '2300' };
    if (claim.clm05Prov !== null) {
      if (claimType === 'institutional') {
        if (claim.facilityCode) {
          bill.typeOfBill = claim.facilityCode + (claim.frequency ?? '');
          log.set(CLAIM_KEYS.typeOfBill, claim.clm05Prov);
        }
      } else if (claim.facilityCode) {
        bill.placeOfService = claim.facilityCode;
        log.set(CLAIM_KEYS.placeOfService, claim.clm05Prov);
      }
      if (claim.frequency) {
        bill.frequencyCode = claim.frequency;
        log.set(CLAIM_KEYS.frequencyCode, claim.clm05Prov);
      }
    }

    // Hierarchy: the claim's HL level and its ancestors.
    let billing: ProviderState | null = null;
    let payTo: ProviderState | null = null;
    let subscriber: PersonState | null = null;
    let patient: PersonState | null = null;
    let payer: PayerState | null = null;
    let billingNode: HierarchyNode | null = null;
    let subscriberNode: HierarchyNode | null = null;
    for (let node = claim.owner; node; node = node.parent) {
      for (const reason of node.reasons) bill.reviewReasons.push(reason);
      if (node.level === '20' && !billingNode) {
        billingNode = node;
        billing = node.billing;
        payTo = node.payTo;
      } else if (node.level === '22' && !subscriberNode) {
        subscriberNode = node;
        subscriber = node.subscriber;
        payer = node.payer;
      } else if (node.level === '23' && !patient) {
        patient = node.patient;
      }
    }
    if (claim.owner) {
      if (!billing) this.missingInHierarchy(tx, billingNode ?? claim.owner, bill, 'NM1', '2010AA', 'the billing provider (NM1*85, loop 2010AA) is missing');
      if (!subscriber) this.missingInHierarchy(tx, subscriberNode ?? claim.owner, bill, 'NM1', '2010BA', 'the subscriber (NM1*IL, loop 2010BA) is missing');
      if (!payer) this.missingInHierarchy(tx, subscriberNode ?? claim.owner, bill, 'NM1', '2010BB', 'the payer (NM1*PR, loop 2010BB) is missing');
    }

    const providerStates: ProviderState[] = [];
    if (billing) providerStates.push(billing);
    if (payTo) providerStates.push(payTo);
    for (const provider of claim.providers) providerStates.push(provider);
    for (let i = 0; i < providerStates.length; i++) {
      const state = providerStates[i]!;
      const source = state.provider;
      bill.providers.push({ ...source, address: source.address ? { ...source.address } : null });
      const keys = providerKeys(i);
      for (const key in state.prov) log.set(keys[key as ProvenanceKey], state.prov[key as ProvenanceKey]!);
    }
    if (payer) {
      bill.payer = { name: payer.name, id: payer.id };
      log.set(CLAIM_KEYS['payer.name'], payer.prov);
      log.set(CLAIM_KEYS['payer.id'], payer.prov);
    }
    if (subscriber) {
      bill.patient.memberId = subscriber.memberId;
      if (subscriber.memberId !== null) log.set(CLAIM_KEYS['patient.memberId'], subscriber.prov);
    }
    const named = patient ?? subscriber;
    if (named) {
      bill.patient.lastName = named.lastName;
      bill.patient.firstName = named.firstName;
      log.set(CLAIM_KEYS['patient.lastName'], named.prov);
      if (named.firstName !== null) log.set(CLAIM_KEYS['patient.firstName'], named.prov);
    }

    // Diagnoses: principal first, then the others in HI order (SV107 pointers count from 1 in this order).
    const diagnoses: { code: string; prov: ProvRef }[] = [];
    if (claim.principal) diagnoses.push(claim.principal);
    for (const d of claim.otherDiagnoses) diagnoses.push(d);
    for (const d of claim.laterDiagnoses) diagnoses.push(d);
    for (let i = 0; i < diagnoses.length; i++) {
      bill.diagnoses.push(diagnoses[i]!.code);
      log.set(diagnosisKey(i), diagnoses[i]!.prov);
    }
    if (!claim.principal) {
      this.note(tx, { ...clmWhere, segmentId: 'HI', code: '3', anchor: 'CLM' }, 'the principal diagnosis (HI with ABK/BK) is missing', claimIndex);
    }

    // Lines.
    if (claim.lines.length === 0) {
      this.note(tx, { ...clmWhere, segmentId: 'LX', code: '3', anchor: 'CLM' }, 'the claim has no service lines (LX)', claimIndex);
    }
    let sum = 0;
    let sumComplete = true;
    let earliest: { date: string; prov: ProvRef } | null = null;
    let latest: { date: string; prov: ProvRef } | null = null;
    for (const state of claim.lines) {
      const line = state.line;
      const lineWhere = { position: state.position, segmentId: 'LX', loop: '2400' };
      if (!state.service) {
        const expected = claimType === 'institutional' ? 'SV2' : 'SV1';
        this.note(tx, { ...lineWhere, segmentId: expected, code: '3', anchor: 'LX' }, `service line ${state.index + 1} has no ${expected} segment`, claimIndex);
      }
      if (state.chargeValid) sum += line.chargeCents;
      else sumComplete = false;
      if (claimType === 'professional') {
        if (line.placeOfService === null && bill.placeOfService !== null) {
          line.placeOfService = bill.placeOfService;
          if (claim.clm05Prov !== null) claim.log.set(state.keys.placeOfService, claim.clm05Prov);
        }
        if (line.serviceDate === null) {
          if (state.service && !state.sawDate) {
            this.note(tx, { ...lineWhere, segmentId: 'DTP', code: '3', anchor: 'LX' }, `service line ${state.index + 1} has no service date (DTP*472)`, claimIndex);
          }
        } else {
          const prov = state.dateRef!;
          if (!earliest || line.serviceDate < earliest.date) earliest = { date: line.serviceDate, prov };
          const to = line.serviceDateTo ?? line.serviceDate;
          if (!latest || to > latest.date) latest = { date: to, prov };
        }
      }
    }
    if (claimType === 'professional' && earliest && latest && bill.statementFrom === null) {
      bill.statementFrom = earliest.date;
      bill.statementTo = latest.date;
      log.set(CLAIM_KEYS.statementFrom, earliest.prov);
      log.set(CLAIM_KEYS.statementTo, latest.prov);
    }
    if (sumComplete && bill.totalChargeCents !== null && claim.lines.length > 0 && sum !== bill.totalChargeCents) {
      this.note(
        tx,
        { ...clmWhere, code: '8', element: { position: 2, dataElement: '782', code: 'I12', value: formatPlain(bill.totalChargeCents) } },
        `the total charge CLM02 (${formatPlain(bill.totalChargeCents)}) does not equal the sum of the line charges (${formatPlain(sum)})`,
        claimIndex,
      );
    }
    if (claim.truncated) {
      bill.reviewReasons.push(
        `the input ends inside this claim's transaction set ${tx.summary.controlNumber}: the claim may be incomplete (after segment ${tx.position})`,
      );
    }
    tx.claim = null;
    claim.log.close();
    this.claimsRead++;
    this.out.bill(bill);
  }

  private missingInHierarchy(
    tx: TransactionState,
    node: HierarchyNode,
    bill: Bill,
    segmentId: string,
    loop: string,
    message: string,
  ): void {
    const where = this.where(node.position, 'HL', hierarchyLoop(node.level === '20' ? '2010A' : node.level === '22' ? '2010B' : '2010C'));
    const reason = `${message} (${where})`;
    if (!node.reported.has(loop)) {
      node.reported.add(loop);
      const summary = tx.summary;
      if (summary.errors.length < MAX_NOTES_PER_TRANSACTION) {
        summary.errors.push({ position: node.position, segmentId, loop, code: '3', message, claimIndex: bill.claimIndex, claimNumber: bill.claimNumber });
      }
    }
    this.out.problem({ claimIndex: bill.claimIndex, where, message, fatal: false });
    bill.reviewReasons.push(reason);
  }
}

/** The HL loop (2000A/B/C) a name loop (2010AA, 2010BB...) sits in. */
function hierarchyLoop(loop: string | null): string | null {
  if (!loop || !loop.startsWith('2010')) return loop;
  return `2000${loop.charAt(4)}`;
}

/** A segment id as a number (A-Z then two or one of A-Z/0-9), so dispatch compares small integers; -1 when invalid. */
function segmentCode(text: string, length: number): number {
  if (length !== 2 && length !== 3) return -1;
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  const c2 = length === 3 ? text.charCodeAt(2) : 0;
  if (c0 < 65 || c0 > 90 || !isIdChar(c1) || (length === 3 && !isIdChar(c2))) return -1;
  return (c0 << 16) | (c1 << 8) | c2;
}

function isIdChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

const code = (id: string): number => segmentCode(id, id.length);
const [ISA, IEA, GS, GE, ST, SE, BHT, HL, NM1, N3, N4, REF, PRV, SBR, CLM, DTP, HI, HCP, AMT, LX, SV1, SV2, LIN, SVD, LQ] = [
  'ISA', 'IEA', 'GS', 'GE', 'ST', 'SE', 'BHT', 'HL', 'NM1', 'N3', 'N4', 'REF', 'PRV', 'SBR', 'CLM', 'DTP', 'HI', 'HCP', 'AMT', 'LX', 'SV1', 'SV2', 'LIN', 'SVD', 'LQ',
].map(code) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

function personName(el: string[]): string | null {
  let name = '';
  for (const part of [el[4], el[5], el[3], el[7]]) {
    if (part) name = name === '' ? part : `${name} ${part}`;
  }
  return name === '' ? null : name;
}

/** The n-th element (1-based) of a segment's text, '' when absent: for segments read without splitting. */
function elementAt(text: string, separator: string, n: number): string {
  let start = 0;
  for (let i = 0; i < n; i++) {
    const next = text.indexOf(separator, start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf(separator, start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/** "10-1234567" and "101234567" are the same EIN: keep nine digits when that is what the value holds. */
function normalizeTin(value: string): string {
  const digits = value.replace(/[-\s]/g, '');
  return /^\d{9}$/.test(digits) ? digits : value;
}

function parseCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,10}$/.test(text.trim())) return null;
  return Number(text.trim());
}

function formatPlain(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Segment ids go into messages; keep them short and printable whatever the input holds. */
function safeId(id: string): string {
  return /^[A-Za-z0-9]{1,3}$/.test(id) ? id : '?';
}

function safeCode(code: string): string {
  return /^[A-Za-z0-9]{0,6}$/.test(code) ? code : '?';
}

function claimTypeOf(reference: string | null): ClaimType | null {
  if (!reference) return null;
  if (reference.includes('X222') || reference.includes('X098')) return 'professional';
  if (reference.includes('X223') || reference.includes('X096')) return 'institutional';
  return null;
}

export function refusalOf(setId: string, reference: string | null, functionalId: string): { code: string; message: string } | null {
  if (setId !== '837') {
    const name = TRANSACTION_SET_NAMES[setId];
    const label = /^\d{3}$/.test(setId) ? setId : '(unreadable)';
    return {
      code: '1',
      message: `transaction set ${label}${name ? ` (${name})` : ''} is not an 837 claim: Parley reads only 837P and 837I claims, so it was refused`,
    };
  }
  if (reference && (reference.includes('X224') || reference.includes('X097'))) {
    const label = /^[0-9A-Z]{1,12}$/.test(reference) ? ` (${reference})` : '';
    return { code: 'I6', message: `837 dental claims${label} are not supported: Parley reads 837P and 837I claims, so it was refused` };
  }
  if (functionalId !== '' && functionalId !== 'HC') {
    return { code: '6', message: `an 837 in a functional group of type ${safeCode(functionalId)} (claims travel in HC groups) was refused` };
  }
  return null;
}
