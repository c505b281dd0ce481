// Writes an 837 back out with Parley's repricing in HCP segments at claim (2300) and line (2400) level.
import { UnreadableDocument } from '../extraction-result.ts';
import { refusalOf } from './reader-837.ts';
import { SegmentTokenizer, type SegmentSink, type Separators, type TokenizerIssue } from './tokenizer.ts';
import { formatAmount, parseAmountCents } from './values.ts';

export interface ClaimRepricing {
  lines: { lineNumber: number; offerCents: number | null; benchmarkCents: number | null }[];
  totals: { chargeCents: number; offerCents: number };
}

export interface RepricedOptions {
  /** HCP04: the repricing organization's identifier. */
  repricingOrganizationId: string;
  /** HCP01 pricing methodology; default "10" (other pricing: a benchmark-based offer is none of the named methods). */
  methodologyCode?: string;
  /** Written into ISA09/ISA10 and GS04/GS05. */
  now: Date;
}

/**
 * The input 837 with, for every claim in `pricingByClaimIndex` (keyed by the claimIndex read837 gives), its HCP
 * segments replaced by Parley's: at claim level HCP02 = the offer total and HCP03 = charge total - offer total; on each
 * line with an offer, HCP02 = the line offer and HCP03 = the line charge (SV102/SV203) - the offer. Lines without an
 * offer (no benchmark) get no HCP. Claims not in the map pass through unchanged. SE01 counts are recomputed; the
 * envelopes keep their parties and control numbers (so the receiver can match them) with the repricing date and time.
 *
 * Throws UnreadableDocument when the input is not a complete X12 file, and RangeError when the pricing names a claim
 * or line the input does not hold.
 */
export function buildRepriced837(
  input: Uint8Array | string,
  pricingByClaimIndex: Map<number, ClaimRepricing>,
  options: RepricedOptions,
): string {
  const writer = new RepricedWriter(pricingByClaimIndex, options);
  const tokenizer = new SegmentTokenizer(writer);
  if (typeof input === 'string') tokenizer.write(input);
  else for (let offset = 0; offset < input.length; offset += 1 << 20) tokenizer.write(input.subarray(offset, offset + (1 << 20)));
  tokenizer.end();
  return writer.finish();
}

const CLAIM_HCP_BEFORE = new Set(['NM1', 'SBR', 'LX']);
const LINE_HCP_BEFORE = new Set(['LIN', 'NM1', 'SVD', 'LQ']);
const CLAIM_ENDS = new Set(['CLM', 'HL', 'SE', 'GE', 'IEA', 'ISA', 'GS', 'ST']);

interface ClaimCursor {
  pricing: ClaimRepricing;
  claimHcpWritten: boolean;
  lineNumber: number;
  line: { offerCents: number | null } | null;
  lineChargeCents: number | null;
  lineHcpWritten: boolean;
  linesSeen: Set<number>;
}

class RepricedWriter implements SegmentSink {
  private readonly parts: string[] = [];
  private separators: Separators | null = null;
  private end = '~\n';
  private groupVersion = '';
  private functionalId = '';
  private inTransaction = false;
  private supported = false;
  private transactionSegments = 0;
  private claimIndex = 0;
  private claim: ClaimCursor | null = null;
  private issue_: TokenizerIssue | null = null;
  private readonly repriced = new Set<number>();
  private readonly stamp: { yymmdd: string; ccyymmdd: string; hhmm: string };

  constructor(
    private readonly pricing: Map<number, ClaimRepricing>,
    private readonly options: RepricedOptions,
  ) {
    const iso = options.now.toISOString();
    const ccyymmdd = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
    this.stamp = { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: iso.slice(11, 13) + iso.slice(14, 16) };
  }

  issue(issue: TokenizerIssue): void {
    if (issue.kind !== 'stray-data') this.issue_ ??= issue;
  }

  segment(text: string, separators: Separators): void {
    const elements = text.split(separators.element);
    const id = elements[0] ?? '';
    if (id === 'ISA') {
      this.separators = separators;
      this.end = separators.segment === '\n' || separators.segment === '\r' ? separators.segment : `${separators.segment}\n`;
      const isa = elements.slice();
      isa[9] = this.stamp.yymmdd;
      isa[10] = this.stamp.hhmm;
      this.emit(isa, false);
      return;
    }
    if (this.claim && CLAIM_ENDS.has(id)) this.closeClaim();
    switch (id) {
      case 'GS': {
        this.functionalId = elements[1] ?? '';
        this.groupVersion = elements[8] ?? '';
        const gs = elements.slice();
        if (gs.length > 5) {
          gs[4] = this.stamp.ccyymmdd;
          gs[5] = this.stamp.hhmm;
        }
        this.emit(gs, false);
        return;
      }
      case 'ST':
        this.inTransaction = true;
        this.transactionSegments = 0;
        this.supported = refusalOf(elements[1] ?? '', elements[3] || this.groupVersion || null, this.functionalId) === null;
        this.emit(elements, true);
        return;
      case 'SE': {
        const se = elements.slice();
        this.transactionSegments++;
        se[1] = String(this.transactionSegments);
        this.emit(se, false);
        this.inTransaction = false;
        return;
      }
    }
    if (!this.inTransaction || !this.supported) {
      this.emit(elements, this.inTransaction);
      return;
    }
    if (id === 'CLM') {
      const index = this.claimIndex++;
      const pricing = this.pricing.get(index);
      this.claim = pricing
        ? { pricing, claimHcpWritten: false, lineNumber: 0, line: null, lineChargeCents: null, lineHcpWritten: false, linesSeen: new Set() }
        : null;
      if (pricing) this.repriced.add(index);
      this.emit(elements, true);
      return;
    }
    const claim = this.claim;
    if (!claim) {
      this.emit(elements, true);
      return;
    }
    if (id === 'HCP') return; // replaced by Parley's
    if (!claim.claimHcpWritten && CLAIM_HCP_BEFORE.has(id)) this.writeClaimHcp(claim);
    if (claim.lineNumber > 0 && !claim.lineHcpWritten && (LINE_HCP_BEFORE.has(id) || id === 'LX')) this.writeLineHcp(claim);
    if (id === 'LX') {
      claim.lineNumber++;
      claim.line = claim.pricing.lines.find((l) => l.lineNumber === claim.lineNumber) ?? null;
      if (claim.line) claim.linesSeen.add(claim.lineNumber);
      claim.lineChargeCents = null;
      claim.lineHcpWritten = false;
    } else if (claim.lineNumber > 0 && (id === 'SV1' || id === 'SV2') && claim.lineChargeCents === null) {
      claim.lineChargeCents = parseAmountCents(elements[id === 'SV1' ? 2 : 3] ?? '');
    }
    this.emit(elements, true);
  }

  private closeClaim(): void {
    const claim = this.claim!;
    if (!claim.claimHcpWritten) this.writeClaimHcp(claim);
    if (claim.lineNumber > 0 && !claim.lineHcpWritten) this.writeLineHcp(claim);
    const missing = claim.pricing.lines.filter((l) => !claim.linesSeen.has(l.lineNumber)).map((l) => l.lineNumber);
    if (missing.length > 0) {
      throw new RangeError(`buildRepriced837: the pricing names line(s) ${missing.join(', ')} that claim ${this.claimIndex - 1} does not have`);
    }
    this.claim = null;
  }

  private hcp(allowedCents: number, savingsCents: number | null): string[] {
    return [
      'HCP',
      this.options.methodologyCode ?? '10',
      formatAmount(allowedCents),
      savingsCents === null ? '' : formatAmount(savingsCents),
      this.options.repricingOrganizationId,
    ];
  }

  private writeClaimHcp(claim: ClaimCursor): void {
    claim.claimHcpWritten = true;
    const { chargeCents, offerCents } = claim.pricing.totals;
    this.emit(this.hcp(offerCents, chargeCents - offerCents), true);
  }

  private writeLineHcp(claim: ClaimCursor): void {
    claim.lineHcpWritten = true;
    const offer = claim.line?.offerCents;
    if (offer === null || offer === undefined) return;
    this.emit(this.hcp(offer, claim.lineChargeCents === null ? null : claim.lineChargeCents - offer), true);
  }

  private emit(elements: string[], counted: boolean): void {
    if (counted) this.transactionSegments++;
    this.parts.push(elements.join(this.separators!.element) + this.end);
  }

  finish(): string {
    const issue = this.issue_;
    if (issue) throw new UnreadableDocument(`cannot write a repriced 837: ${issue.message}`, 'whole file');
    if (this.claim) this.closeClaim();
    const unknown = [...this.pricing.keys()].filter((index) => !this.repriced.has(index));
    if (unknown.length > 0) {
      throw new RangeError(`buildRepriced837: the input has no claim with index ${unknown.join(', ')}`);
    }
    return this.parts.join('');
  }
}
