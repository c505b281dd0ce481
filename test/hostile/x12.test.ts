// Malformed 837s through the whole pipeline: broken envelopes and separators, hierarchies that loop or never end,
// a million segments without a claim, numbers and dates no claim can hold, envelopes that lie, garbage after IEA.
// Each ends in a final status whose reason names the segment (or the ISA) and what is wrong with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime/runtime.ts';
import { DOCUMENTS_BUCKET } from '#shared/storage/definitions.ts';
import * as x12 from './generate/x12.ts';
import { HANG_GUARD_MS, startHostileRuntime, submit, verdicts, watchUncaught, type Verdict } from './support/pipeline.ts';

interface HostileX12 {
  kind: string;
  make: () => string | Uint8Array;
  status: 'OFFER_DRAFTED' | 'NEEDS_REVIEW' | 'REJECTED';
  /** The document's and its cases' reasons, joined with " | ", must match. */
  reason: RegExp;
  /** What the 999 acknowledgment must say, when one is written. */
  ack?: RegExp;
}

const clean = x12.claimFile();
const line = (overrides: Partial<x12.ClaimFields['lines'][number]>): Partial<x12.ClaimFields> => ({
  lines: [{ code: '99204', charge: '450.00', units: '1', date: '20250312', ...overrides }],
  totalCharge: '450.00',
});
const body = (edit: (segments: x12.Segment[]) => x12.Segment[]) => x12.x12Text(x12.interchange([edit(x12.claimBody())]));

const CASES: HostileX12[] = [
  // Envelopes and separators
  { kind: 'no ISA header (starts at GS)', make: () => clean.slice(clean.indexOf('GS*')), status: 'REJECTED', reason: /^not a bill: plain text that is not an X12 interchange \(no ISA header\)$/ },
  { kind: 'an ISA with 15 elements (bad ISA length)', make: () => clean.replace('*00*          *00*          *', '*00*          *'), status: 'REJECTED', reason: /^the ISA separators are not distinct punctuation characters \(ISA segment\)$/ },
  { kind: 'an ISA cut off after 60 bytes', make: () => clean.slice(0, 60), status: 'REJECTED', reason: /^the ISA segment is cut off \(ISA segment\)$/ },
  { kind: 'component separator equal to the element separator', make: () => x12.x12Text(x12.interchange([x12.claimBody()]), { component: '*' }), status: 'REJECTED', reason: /^the ISA separators are not distinct punctuation characters \(ISA segment\)$/ },
  { kind: 'a letter as the segment terminator', make: () => x12.x12Text(x12.interchange([x12.claimBody()]), { segment: 'Q' }), status: 'REJECTED', reason: /^the ISA separators are not distinct punctuation characters \(ISA segment\)$/ },
  { kind: 'pipe elements, > components and newline terminators (valid, read)', make: () => x12.x12Text(x12.interchange([x12.claimBody()]), { element: '|', component: '>', segment: '\n' }, ''), status: 'OFFER_DRAFTED', reason: /^$/ },
  { kind: 'no segment terminators at all', make: () => clean.replace(/~\n/g, ''), status: 'REJECTED', reason: /^the ISA separators are not distinct punctuation characters \(ISA segment\)$/ },
  { kind: 'one terminator missing mid-claim (two segments glued)', make: () => clean.replace('DTP*472*D8*20250312~\nLX*2~', 'DTP*472*D8*20250312LX*2~'), status: 'NEEDS_REVIEW', reason: /DTP03 is not a valid D8 date \(segment 20 \(DTP, loop 2400\)\).*a second SV1 in service line 1 \(segment 21 \(SV1, loop 2400\)\)/ },
  { kind: 'the file ends inside the IEA (unterminated last segment)', make: () => clean.replace(/~\n$/, ''), status: 'OFFER_DRAFTED', reason: /^the input ends inside a segment \(no segment terminator\) \(after segment 27 of the file\) \| interchange 000000777 has no IEA trailer .* \| no repriced 837 was written: the input ends inside a segment/ },
  { kind: 'a segment of 2 MB with no terminator', make: () => clean.replace('HI*ABK:M1711~', `HI*ABK:M1711*${'A'.repeat(2 << 20)}`), status: 'NEEDS_REVIEW', reason: /^no segment terminator within 1 MB: the rest of the input is not readable X12 \(after segment 18 of the file\).*the input ends inside this claim's transaction set 0001: the claim may be incomplete/ },
  // Hierarchy
  { kind: 'HL parents nested 5,000 levels deep', make: () => x12.x12Text(x12.interchange([x12.deepHierarchyBody(5000)])), status: 'NEEDS_REVIEW', reason: /^HL level 22 must sit under level 20 \(segment 14 \(HL, loop 2000B\)\).*4950 more problems were found and not listed \(the first 50 are\) \(whole file\).*4951 more problems with this claim were not listed/ },
  { kind: 'HL cycle (the billing provider names the subscriber as its parent)', make: () => body((b) => x12.replaceSegments(b, 'HL', (s) => (s[1] === '1' ? ['HL', '1', '2', '20', '1'] : s))), status: 'NEEDS_REVIEW', reason: /HL02 names a parent that is not an enclosing HL level \(segment 6 \(HL, loop 2000A\)\)/ },
  { kind: 'HL that is its own parent', make: () => body((b) => x12.replaceSegments(b, 'HL', (s) => (s[1] === '2' ? ['HL', '2', '2', '22', '0'] : s))), status: 'NEEDS_REVIEW', reason: /HL02 names a parent that is not an enclosing HL level \(segment 12 \(HL, loop 2000B\)\)/ },
  { kind: 'two HL levels with the same id (read, the renumbering noted)', make: () => body((b) => x12.replaceSegments(b, 'HL', (s) => (s[1] === '2' ? ['HL', '1', '1', '22', '0'] : s))), status: 'OFFER_DRAFTED', reason: /^HL01 should be 2 \(segment 12 \(HL, loop 2000B\)\)$/ },
  { kind: 'a million segments and not one CLM', make: () => x12.segmentsWithoutClaims(1_000_000), status: 'NEEDS_REVIEW', reason: /^transaction set 0001 holds 1000001 segments but no claim \(no CLM segment\) \(segment 1000001 \(SE\)\)$/ },
  // Numbers and dates
  { kind: 'total charge 1e400', make: () => x12.claimFile({ totalCharge: '1e400' }), status: 'NEEDS_REVIEW', reason: /CLM02 total charge is not a valid amount \(segment 16 \(CLM, loop 2300\)\)/ },
  { kind: 'total charge of 400 nines', make: () => x12.claimFile({ totalCharge: '9'.repeat(400) }), status: 'NEEDS_REVIEW', reason: /CLM02 total charge is not a valid amount \(segment 16 \(CLM, loop 2300\)\)/ },
  { kind: 'negative units', make: () => x12.claimFile(line({ units: '-3' })), status: 'NEEDS_REVIEW', reason: /SV104 quantity is negative \(segment 19 \(SV1, loop 2400\)\)/ },
  { kind: 'negative line charge', make: () => x12.claimFile({ ...line({ charge: '-450.00' }), totalCharge: '-450.00' }), status: 'NEEDS_REVIEW', reason: /CLM02 total charge is negative \(segment 16 \(CLM, loop 2300\)\).*SV102 line charge is negative \(segment 19 \(SV1, loop 2400\)\)/ },
  { kind: 'non-numeric line charge', make: () => x12.claimFile(line({ charge: 'FOUR FIFTY' })), status: 'NEEDS_REVIEW', reason: /SV102 line charge is not a valid amount \(segment 19 \(SV1, loop 2400\)\)/ },
  { kind: 'a sub-cent charge', make: () => x12.claimFile({ ...line({ charge: '450.005' }), totalCharge: '450.005' }), status: 'NEEDS_REVIEW', reason: /SV102 line charge is not a valid amount \(segment 19 \(SV1, loop 2400\)\)/ },
  { kind: 'service date 20250230', make: () => x12.claimFile(line({ date: '20250230' })), status: 'NEEDS_REVIEW', reason: /DTP03 is not a valid D8 date \(segment 20 \(DTP, loop 2400\)\)/ },
  { kind: 'service date 99999999', make: () => x12.claimFile(line({ date: '99999999' })), status: 'NEEDS_REVIEW', reason: /DTP03 is not a valid D8 date \(segment 20 \(DTP, loop 2400\)\)/ },
  { kind: 'NUL bytes inside a procedure code', make: () => x12.claimFile(line({ code: '992\u000004' })), status: 'NEEDS_REVIEW', reason: /^[^\u0000]*line 1: 992 04 is not on the 2025 Medicare Physician Fee Schedule\.[^\u0000]*$/ },
  {
    kind: 'a billing NPI in fullwidth digits (a look-alike of a real one)',
    make: () => x12.claimFile({ billingNpi: '\uff11\uff12\uff14\uff15\uff13\uff11\uff19\uff15\uff19\uff19' }),
    status: 'NEEDS_REVIEW',
    reason: /the billing provider's NPI "１２４５３１９５９９" holds characters that only look like digits/,
  },
  // Envelopes that lie
  { kind: 'SE01 says 3 segments', make: () => x12.claimFile({}, { seCount: '3' }), status: 'NEEDS_REVIEW', reason: /SE01 says 3 segments but transaction set 0001 has 24 \(segment 24 \(SE\)\).*rejected in the 999 \(SE01 segment count is wrong\)/, ack: /IK5\*R\*4~/ },
  { kind: 'SE02, GE02 and IEA02 control numbers that do not match', make: () => x12.claimFile({}, { se02: '9999', ge02: '1', iea02: '000000001' }), status: 'NEEDS_REVIEW', reason: /SE02 control number 9999 does not match ST02 0001 \(segment 24 \(SE\)\) \| GE02 control number 1 does not match GS06 777 .* \| IEA02 control number 000000001 does not match ISA13 000000777/, ack: /IK5\*R\*3~/ },
  {
    kind: 'binary garbage after the IEA',
    make: () => new Uint8Array(Buffer.concat([Buffer.from(clean), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256))])),
    status: 'OFFER_DRAFTED',
    reason: /^data after an IEA that is not an ISA interchange was skipped \(after segment 28 of the file\)$/,
  },
];

let runtime: LocalRuntime;
const uncaught = watchUncaught();
const results = new Map<string, Verdict>();

beforeAll(async () => {
  runtime = await startHostileRuntime('x12');
  const bodies = CASES.map((c) => c.make());
  const submitted = await Promise.all(CASES.map((c, i) => submit(runtime, `case-${i + 1}.837`, bodies[i]!)));
  const found = await verdicts(runtime, submitted, bodies.map((b) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length)));
  CASES.forEach((c, i) => results.set(c.kind, found[i]!));
}, 120_000);

afterAll(async () => {
  uncaught.stop();
  await runtime?.stop();
});

describe('malformed 837s through the pipeline', () => {
  it.each(CASES.map((c) => [c.kind, c] as const))('%s', async (_kind, hostile) => {
    const verdict = results.get(hostile.kind)!;
    console.log(JSON.stringify({ kind: hostile.kind, status: verdict.document.status, reasons: verdict.reasons.filter((r, i) => i < 3 || /more/.test(r)), n: verdict.reasons.length, ms: verdict.elapsedMs }));
    expect(verdict.document.status).toBe(hostile.status);
    expect(verdict.reasons.join(' | ')).toMatch(hostile.reason);
    expect(verdict.elapsedMs).toBeLessThan(HANG_GUARD_MS);
    expect(verdict.originalKept).toBe(true);
    if (hostile.ack) {
      const key = verdict.document.artifacts.acknowledgment999;
      expect(key).not.toBeNull();
      const ack = new TextDecoder().decode(await runtime.objects.get({ bucket: DOCUMENTS_BUCKET.name, key: key! }));
      expect(ack).toMatch(hostile.ack);
    }
  });

  it('nothing was thrown that nobody caught', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
