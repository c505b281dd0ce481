// SES's verdicts on a received message, read only from the headers SES wrote: those above the topmost X-SES-RECEIPT.
// Anything below it came from the sender and can say anything ("X-SES-Spam-Verdict: PASS" is easy to type).

export type Verdict = 'pass' | 'fail' | 'unknown';

export interface VerdictDetail {
  verdict: Verdict;
  /** The value as written, e.g. "softfail", "GRAY", or "missing". */
  raw: string;
}

export interface ReceiptVerdicts {
  /** False when the message has no X-SES-RECEIPT header at all: then nothing in it is trusted. */
  receipted: boolean;
  spf: VerdictDetail;
  dkim: VerdictDetail;
  dmarc: VerdictDetail;
  spam: VerdictDetail;
  virus: VerdictDetail;
}

export type VerdictName = 'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus';
export const VERDICT_NAMES: readonly VerdictName[] = ['spf', 'dkim', 'dmarc', 'spam', 'virus'];

export interface HeaderLine {
  /** Lower-case header name. */
  key: string;
  /** The whole header as written, "Name: value", possibly folded. */
  line: string;
}

const missing: VerdictDetail = { verdict: 'unknown', raw: 'missing' };

const valueOf = (line: string): string => line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();

/** SES writes PASS, FAIL, GRAY or PROCESSING_FAILED; only PASS and FAIL are verdicts. */
function sesVerdict(value: string | undefined): VerdictDetail {
  if (value === undefined) return missing;
  const word = value.split(/[\s(;]/)[0]!.toUpperCase();
  if (word === 'PASS') return { verdict: 'pass', raw: word };
  if (word === 'FAIL') return { verdict: 'fail', raw: word };
  return { verdict: 'unknown', raw: word || 'empty' };
}

/** RFC 7001/8601 results: pass; fail (and SPF softfail); everything else (none, neutral, temperror, permerror, policy) is unknown. */
function authResult(value: string | undefined): VerdictDetail {
  if (value === undefined) return missing;
  const word = value.toLowerCase();
  if (word === 'pass') return { verdict: 'pass', raw: word };
  if (word === 'fail' || word === 'softfail') return { verdict: 'fail', raw: word };
  return { verdict: 'unknown', raw: word || 'empty' };
}

/** The method results of one Authentication-Results value: "amazonses.com; spf=pass (...) smtp.mailfrom=...; dkim=pass ...". */
function methodResults(value: string): Map<string, string> {
  const results = new Map<string, string>();
  const withoutComments = value.replace(/\([^()]*\)/g, ' ');
  for (const match of withoutComments.matchAll(/(?:^|;)\s*([a-z0-9-]+)\s*=\s*([a-z]+)/gi)) {
    const method = match[1]!.toLowerCase();
    if (!results.has(method)) results.set(method, match[2]!);
  }
  return results;
}

/** Two sources for one check (Received-SPF and Authentication-Results spf=): any fail fails, else any pass passes. */
function combine(a: VerdictDetail, b: VerdictDetail): VerdictDetail {
  if (a.verdict === 'fail') return a;
  if (b.verdict === 'fail') return b;
  if (a.verdict === 'pass') return a;
  if (b.verdict === 'pass') return b;
  return a.raw === 'missing' ? b : a;
}

export function readReceiptVerdicts(headerLines: readonly HeaderLine[]): ReceiptVerdicts {
  const receipt = headerLines.findIndex((h) => h.key === 'x-ses-receipt');
  if (receipt < 0) return { receipted: false, spf: missing, dkim: missing, dmarc: missing, spam: missing, virus: missing };
  const trusted = headerLines.slice(0, receipt);
  // The topmost of each is SES's own (nothing may be above it but SES).
  const first = (key: string) => {
    const found = trusted.find((h) => h.key === key);
    return found ? valueOf(found.line) : undefined;
  };
  const authentication = first('authentication-results');
  const methods = authentication === undefined ? new Map<string, string>() : methodResults(authentication);
  const receivedSpf = first('received-spf');
  return {
    receipted: true,
    spf: combine(authResult(receivedSpf?.split(/\s/)[0]), authResult(methods.get('spf'))),
    dkim: authResult(methods.get('dkim')),
    dmarc: authResult(methods.get('dmarc')),
    spam: sesVerdict(first('x-ses-spam-verdict')),
    virus: sesVerdict(first('x-ses-virus-verdict')),
  };
}
