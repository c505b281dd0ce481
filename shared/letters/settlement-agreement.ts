// The settlement agreement PDF for an accepted offer: who agreed to what for which claim, signed by both sides.
import { formatCents } from '../model/money.ts';
import { COLORS, CONTENT_WIDTH, LetterCanvas, MARGIN_LEFT } from './letter-canvas.ts';
import { dateRange, longDate, shortDate } from './letter-dates.ts';
import { drawIdentifierGrid, notStated } from './letter-blocks.ts';
import { SettlementInput, parseLetterInput, type Settlement } from './offer-letter-input.ts';
import { formatPercent } from './offer-totals.ts';
import { printable } from './plain-text.ts';

export type { SettlementInput } from './offer-letter-input.ts';

function termsOf(s: Settlement, payer: string, provider: string): string[] {
  const agreed = formatCents(s.agreedCents);
  const terms = [
    `Payment. ${payer} will pay ${agreed} to ${provider} within ${s.paymentDays} calendar days of the effective date of this agreement.`,
    `Payment in full. ${provider} accepts ${agreed} as payment in full for all services billed on the claim identified above.`,
    `No balance billing. ${provider} will not bill the patient for these services beyond the patient's cost share (deductible, copayment or coinsurance) shown on the plan's explanation of benefits, and will refund any amount collected beyond it.`,
  ];
  if (s.nsa) {
    terms.push(
      'No Surprises Act. This agreement concludes open negotiation for this claim under the No Surprises Act. Neither party will initiate federal independent dispute resolution for it, and any initiation already made will be withdrawn.',
    );
  }
  terms.push(
    `Whole agreement. This agreement and the accepted offer (version ${s.acceptedVersion}${s.acceptedOfferDate ? `, dated ${longDate(s.acceptedOfferDate)}` : ''}) are the whole agreement on this claim; any change must be in writing and signed by both parties.`,
    'Confidentiality. The amounts in this agreement are confidential between the parties and apply to this claim only.',
  );
  return terms;
}

/** Renders the settlement agreement. Throws InvalidLetterInput (naming the fields) when the input is invalid. */
export async function renderSettlementAgreement(input: SettlementInput): Promise<Uint8Array> {
  const s = parseLetterInput(SettlementInput, 'settlement agreement', input);
  const ref = printable(s.referenceNumber, 60);
  const org = printable(s.letterhead.organizationName, 80);
  const payer = printable(s.parties.payerName, 120);
  const provider = printable(s.parties.providerName, 120);
  const c = new LetterCanvas({
    title: `Settlement agreement: reference ${ref}`,
    subject: 'Settlement of an out-of-network claim',
    author: org,
    date: s.agreementDate,
  });
  c.onNewPage = () => {
    c.label(`${org}  |  Settlement agreement  |  Reference ${ref}`, MARGIN_LEFT, c.y, { size: 8, color: COLORS.muted, width: CONTENT_WIDTH });
    c.y += 12;
    c.rule(c.y, COLORS.rule, 0.5);
    c.y += 12;
  };

  c.letterhead(s.letterhead);
  c.text('SETTLEMENT AGREEMENT', { font: 'bold', size: 16, color: COLORS.accent, align: 'center', after: 2 });
  c.text(`Out-of-network claim ${notStated(s.claim.claimNumber)}  |  Reference ${ref}`, { size: 9.5, color: COLORS.muted, align: 'center', after: 2 });
  c.text(`Effective date: ${longDate(s.agreementDate)}`, { size: 9.5, color: COLORS.muted, align: 'center', after: 12 });

  c.text(
    `This agreement is made between ${payer} (the "Plan"), represented by ${org}, and ${provider} (the "Provider"; TIN ${notStated(s.parties.providerTin)}, NPI ${notStated(s.parties.providerNpi)}). It settles the claim identified below on the terms of the Plan's offer, version ${s.acceptedVersion}, which the Provider accepted on ${longDate(s.providerSignature.signedOn)}.`,
    { size: 10, align: 'justify', after: 10 },
  );

  drawIdentifierGrid(c, [
    {
      width: 282,
      labelWidth: 70,
      rows: [
        ['Reference no.', ref],
        ['Plan / TPA', payer],
        ['Provider', provider],
        ['Provider TIN', notStated(s.parties.providerTin)],
        ['Provider NPI', notStated(s.parties.providerNpi)],
      ],
    },
    {
      width: CONTENT_WIDTH - 282,
      labelWidth: 96,
      rows: [
        ['Claim no.', notStated(s.claim.claimNumber)],
        ['Patient account no.', notStated(s.claim.patientAccountNumber)],
        ['Member ID', notStated(s.claim.memberId)],
        ['Dates of service', dateRange(s.claim.serviceFrom, s.claim.serviceTo)],
        ['Accepted offer', `version ${s.acceptedVersion}${s.acceptedOfferDate ? ` of ${shortDate(s.acceptedOfferDate)}` : ''}`],
      ],
    },
  ]);

  // The amounts, large enough to find at a glance.
  const reduction = s.billedCents - s.agreedCents;
  const percent = s.billedCents > 0 ? Math.round((reduction * 1000) / s.billedCents) / 10 : null;
  const cells: [string, string][] = [
    ['Billed charges', formatCents(s.billedCents)],
    ['Agreed amount', formatCents(s.agreedCents)],
    ['Reduction', percent === null ? formatCents(reduction) : `${formatCents(reduction)} (${formatPercent(percent)})`],
  ];
  c.ensureSpace(50);
  const cellWidth = CONTENT_WIDTH / cells.length;
  cells.forEach(([label, value], i) => {
    const x = MARGIN_LEFT + i * cellWidth;
    const agreed = label === 'Agreed amount';
    c.box(x + (i ? 4 : 0), c.y, cellWidth - 4, 40, agreed ? COLORS.accent : COLORS.shade, agreed ? null : COLORS.rule);
    c.label(label.toUpperCase(), x + 12, c.y + 8, { font: 'bold', size: 7.5, color: agreed ? COLORS.headerText : COLORS.muted, width: cellWidth - 24 });
    c.label(value, x + 12, c.y + 19, { font: 'bold', size: 13, color: agreed ? COLORS.headerText : COLORS.ink, width: cellWidth - 24 });
  });
  c.y += 50;

  c.heading('Terms', 60);
  termsOf(s, payer, provider).forEach((term, i) => {
    const height = c.heightOf(term, { size: 9.5, width: CONTENT_WIDTH - 18 });
    c.ensureSpace(height);
    c.label(`${i + 1}.`, MARGIN_LEFT, c.y, { font: 'bold', size: 9.5, width: 16 });
    c.text(term, { size: 9.5, x: MARGIN_LEFT + 18, width: CONTENT_WIDTH - 18, after: 4 });
  });

  // Both signatures side by side, kept on one page: a typed signature and its date, then name and title.
  c.heading('Signatures', 92);
  c.text('Each signatory confirms that they are authorized to sign for the party named above. A typed name stands for a signature.', {
    size: 8.5,
    color: COLORS.muted,
    after: 6,
  });
  c.ensureSpace(14 + 2 * 30);
  const half = (CONTENT_WIDTH - 28) / 2;
  const top = c.y;
  ([
    ['For the Provider', s.providerSignature],
    ['For the Plan', s.payerSignature],
  ] as const).forEach(([heading, sig], i) => {
    const x = MARGIN_LEFT + i * (half + 28);
    c.label(heading.toUpperCase(), x, top, { font: 'bold', size: 8.5, color: COLORS.accent, width: half });
    c.y = top + 12;
    drawSignatureBlock(c, x, half, sig);
  });

  return c.finish(`${org}  |  Settlement agreement  |  Reference ${ref}  |  Confidential: contains claim information`);
}

/** Typed signature and date on one line, name and title under it. */
function drawSignatureBlock(c: LetterCanvas, x: number, width: number, sig: Settlement['providerSignature']): void {
  const dateWidth = 96;
  const gap = 12;
  const signatureWidth = width - dateWidth - gap;
  const field = (value: string, label: string, fx: number, fw: number, font: 'regular' | 'italic') => {
    c.label(value, fx, c.y + 4, { size: 10, width: fw, font });
    c.rule(c.y + 18, COLORS.ink, 0.6, fx, fx + fw);
    c.label(label, fx, c.y + 21, { size: 7.5, color: COLORS.muted, width: fw });
  };
  field(`/s/ ${printable(sig.name, 60)}`, 'Signature (typed name)', x, signatureWidth, 'italic');
  field(longDate(sig.signedOn), 'Date', x + signatureWidth + gap, dateWidth, 'regular');
  c.y += 30;
  const nameAndTitle = [printable(sig.name, 60), sig.title ? printable(sig.title, 60) : null].filter(Boolean).join(', ');
  field(nameAndTitle, 'Name and title', x, width, 'regular');
  c.y += 30;
}
