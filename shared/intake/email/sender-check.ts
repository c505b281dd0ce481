// Decides whether a message's attachments may become documents: the sender must be a known TPA and every verdict pass.
import { VERDICT_NAMES, type ReceiptVerdicts, type VerdictName } from './receipt-verdicts.ts';
import type { TpaSender } from './tpa-senders.ts';

export type Disposition =
  /** Attachments become documents. */
  | 'accept'
  /** Kept for a person: unknown sender, or a verdict that is unknown (missing, gray, not checked). */
  | 'hold'
  /** Kept for a person, never processed automatically: a verdict failed (spoofed sender, spam, virus). */
  | 'refuse';

export interface SenderCheck {
  disposition: Disposition;
  tpa: TpaSender | null;
  /** Why, in words a TPA's mail clerk can act on; empty when accepted cleanly. */
  reasons: string[];
  /** Verdicts that were not "pass" (for the review record). */
  notPassed: VerdictName[];
}

const LABELS: Record<VerdictName, string> = {
  spf: 'SPF (is the sending server allowed to send for the domain)',
  dkim: 'DKIM (is the message signed by the domain)',
  dmarc: 'DMARC (does the From domain authenticate the message)',
  spam: 'spam check',
  virus: 'virus check',
};

export interface SenderCheckInput {
  fromAddresses: string[];
  tpa: TpaSender | null;
  verdicts: ReceiptVerdicts;
  /** Local demo only: accept allow-listed senders whose verdicts are unknown (never when one failed). */
  acceptUnverifiedFromAllowListed?: boolean;
}

export function checkSender(input: SenderCheckInput): SenderCheck {
  const { verdicts } = input;
  const failed = VERDICT_NAMES.filter((name) => verdicts[name].verdict === 'fail');
  const unknown = VERDICT_NAMES.filter((name) => verdicts[name].verdict === 'unknown');
  const notPassed = [...failed, ...unknown];
  const reasons: string[] = [];

  if (failed.length > 0) {
    for (const name of failed) reasons.push(`the ${LABELS[name]} failed (${verdicts[name].raw})`);
    return { disposition: 'refuse', tpa: input.tpa, reasons, notPassed };
  }
  if (input.fromAddresses.length !== 1) {
    reasons.push(input.fromAddresses.length === 0 ? 'the message has no From address' : 'the message names more than one From address');
  } else if (!input.tpa) {
    reasons.push(`the sender is not on the list of TPAs allowed to send bills (domain ${domainOf(input.fromAddresses[0]!)})`);
  }
  if (!verdicts.receipted) reasons.push('the message carries no mail-receipt verdicts (no X-SES-RECEIPT header), so its sender cannot be verified');
  else for (const name of unknown) reasons.push(`the ${LABELS[name]} gave no verdict (${verdicts[name].raw})`);

  const senderKnown = input.fromAddresses.length === 1 && input.tpa !== null;
  if (reasons.length === 0) return { disposition: 'accept', tpa: input.tpa, reasons, notPassed };
  if (senderKnown && input.acceptUnverifiedFromAllowListed) {
    return {
      disposition: 'accept',
      tpa: input.tpa,
      reasons: [`accepted without verification: local mail from allow-listed senders is trusted by configuration (${reasons.join('; ')})`],
      notPassed,
    };
  }
  return { disposition: 'hold', tpa: input.tpa, reasons, notPassed };
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
