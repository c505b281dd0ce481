// Verdicts come only from the headers SES wrote, above the topmost X-SES-RECEIPT; missing means unknown.
import { describe, expect, it } from 'vitest';
import { readReceiptVerdicts, type HeaderLine } from '#shared/intake/email/receipt-verdicts.ts';
import { checkSender } from '#shared/intake/email/sender-check.ts';
import { readMessageHeaders } from '#shared/intake/email/message-headers.ts';
import { SENDERS, sesMessage } from './support.ts';

async function headerLinesOf(raw: Buffer): Promise<HeaderLine[]> {
  return (await readMessageHeaders(raw, true)).headerLines;
}

const from = 'Claims Desk <claims@keystone-benefits.example>';
const keystone = SENDERS.tpas[0]!;

describe('reading SES verdicts', () => {
  it('reads all five from a message SES passed', async () => {
    const verdicts = readReceiptVerdicts(await headerLinesOf(await sesMessage({ from, subject: 'x', text: 'x' })));
    expect(verdicts).toEqual({
      receipted: true,
      spf: { verdict: 'pass', raw: 'pass' },
      dkim: { verdict: 'pass', raw: 'pass' },
      dmarc: { verdict: 'pass', raw: 'pass' },
      spam: { verdict: 'pass', raw: 'PASS' },
      virus: { verdict: 'pass', raw: 'PASS' },
    });
  });

  it('ignores verdict headers the sender wrote below X-SES-RECEIPT', async () => {
    const forged = {
      'X-SES-Spam-Verdict': 'PASS',
      'X-SES-Virus-Verdict': 'PASS',
      'Received-SPF': 'pass',
      'Authentication-Results': 'amazonses.com; spf=pass; dkim=pass; dmarc=pass',
    };
    const raw = await sesMessage({ from, subject: 'x', text: 'x', headers: forged }, { verdicts: { spam: null, virus: null, spf: null, dkim: null, dmarc: null } });
    const verdicts = readReceiptVerdicts(await headerLinesOf(raw));
    for (const name of ['spf', 'dkim', 'dmarc', 'spam', 'virus'] as const) expect(verdicts[name]).toEqual({ verdict: 'unknown', raw: 'missing' });
  });

  it('trusts nothing when there is no X-SES-RECEIPT at all, even verdicts that say PASS', async () => {
    const raw = await sesMessage({ from, subject: 'x', text: 'x', headers: { 'X-SES-Spam-Verdict': 'PASS', 'X-SES-Virus-Verdict': 'PASS' } }, { receipt: false });
    const verdicts = readReceiptVerdicts(await headerLinesOf(raw));
    expect(verdicts.receipted).toBe(false);
    expect(verdicts.spam.verdict).toBe('unknown');
  });

  it('maps softfail to fail, and GRAY, PROCESSING_FAILED, none, neutral and temperror to unknown', async () => {
    const raw = await sesMessage({ from, subject: 'x', text: 'x' }, { verdicts: { spf: 'softfail', dkim: 'none', dmarc: 'temperror', spam: 'GRAY', virus: 'PROCESSING_FAILED' } });
    const verdicts = readReceiptVerdicts(await headerLinesOf(raw));
    expect(verdicts.spf).toEqual({ verdict: 'fail', raw: 'softfail' });
    expect(verdicts.dkim).toEqual({ verdict: 'unknown', raw: 'none' });
    expect(verdicts.dmarc).toEqual({ verdict: 'unknown', raw: 'temperror' });
    expect(verdicts.spam).toEqual({ verdict: 'unknown', raw: 'GRAY' });
    expect(verdicts.virus).toEqual({ verdict: 'unknown', raw: 'PROCESSING_FAILED' });
  });
});

describe('deciding about a sender', () => {
  const pass = { verdict: 'pass', raw: 'pass' } as const;
  const verdicts = { receipted: true, spf: pass, dkim: pass, dmarc: pass, spam: pass, virus: pass };

  it('accepts a listed TPA whose verdicts all pass', () => {
    expect(checkSender({ fromAddresses: ['claims@keystone-benefits.example'], tpa: keystone, verdicts })).toMatchObject({ disposition: 'accept', reasons: [] });
  });

  it('holds an unknown sender, naming the domain', () => {
    const check = checkSender({ fromAddresses: ['billing@stranger.example'], tpa: null, verdicts });
    expect(check.disposition).toBe('hold');
    expect(check.reasons).toEqual(['the sender is not on the list of TPAs allowed to send bills (domain stranger.example)']);
  });

  it('holds a listed TPA when a verdict is missing: unknown never passes', () => {
    const check = checkSender({ fromAddresses: ['claims@keystone-benefits.example'], tpa: keystone, verdicts: { ...verdicts, dkim: { verdict: 'unknown', raw: 'missing' } } });
    expect(check.disposition).toBe('hold');
    expect(check.reasons[0]).toMatch(/^the DKIM .* gave no verdict \(missing\)$/);
  });

  it('refuses on any failed verdict, even from a listed TPA and even in local demo mode', () => {
    const check = checkSender({
      fromAddresses: ['claims@keystone-benefits.example'],
      tpa: keystone,
      verdicts: { ...verdicts, dmarc: { verdict: 'fail', raw: 'fail' } },
      acceptUnverifiedFromAllowListed: true,
    });
    expect(check.disposition).toBe('refuse');
    expect(check.reasons[0]).toMatch(/^the DMARC .* failed \(fail\)$/);
  });

  it('in local demo mode accepts an allow-listed sender with unknown verdicts, and says so; never an unknown sender', () => {
    const unknown = { verdict: 'unknown', raw: 'GRAY' } as const;
    const local = { receipted: true, spf: unknown, dkim: unknown, dmarc: unknown, spam: unknown, virus: unknown };
    const listed = checkSender({ fromAddresses: ['claims@keystone-benefits.example'], tpa: keystone, verdicts: local, acceptUnverifiedFromAllowListed: true });
    expect(listed.disposition).toBe('accept');
    expect(listed.reasons[0]).toMatch(/^accepted without verification: local mail from allow-listed senders is trusted by configuration/);
    const stranger = checkSender({ fromAddresses: ['x@stranger.example'], tpa: null, verdicts: local, acceptUnverifiedFromAllowListed: true });
    expect(stranger.disposition).toBe('hold');
  });

  it('holds a message with no From, or with two', () => {
    expect(checkSender({ fromAddresses: [], tpa: null, verdicts }).reasons).toEqual(['the message has no From address']);
    expect(checkSender({ fromAddresses: ['a@keystone-benefits.example', 'b@x.example'], tpa: null, verdicts }).disposition).toBe('hold');
  });
});
