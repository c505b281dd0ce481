// Validation: envelope control numbers and counts, required segments, sums, isolation of a bad claim, cut-off files.
import { describe, expect, it } from 'vitest';
import { read837 } from '../../../shared/extract/x12/index.ts';
import { UnreadableDocument } from '../../../shared/extract/extraction-result.ts';
import { fixtureText } from './fixtures.ts';
import { fixCounts, fixtureSegments, indexOf, interchange, positionInSet, toText, transactionBody } from './edit.ts';

const PROFESSIONAL = '837_005010X222A2/demo.autoaccident.837';
const TWO_CLAIMS = '837_005010X223A3/two-claims-single-provider.837i';

describe('envelope validation', () => {
  it('a wrong SE01 count rejects the transaction set, names the SE segment and sends its claims to review', () => {
    const segments = fixtureSegments(PROFESSIONAL);
    segments[indexOf(segments, 'SE')]![1] = '38';
    const result = read837(toText(segments));
    const tx = result.transactions[0]!;
    expect(tx.status).toBe('rejected');
    expect(tx.syntaxErrorCodes).toEqual(['4']);
    expect(tx.declaredSegmentCount).toBe(38);
    expect(tx.segmentCount).toBe(39);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ where: 'segment 39 (SE)', message: expect.stringMatching(/SE01 says 38 segments .* has 39/) }),
    );
    expect(result.bills).toHaveLength(1);
    expect(result.bills[0]!.reviewReasons.join(' ')).toMatch(/rejected in the 999 \(SE01 segment count is wrong\)/);
  });

  it('ST02/SE02, GS06/GE02 and ISA13/IEA02 mismatches are each named', () => {
    const segments = fixtureSegments(PROFESSIONAL);
    segments[indexOf(segments, 'SE')]![2] = '0022';
    segments[indexOf(segments, 'GE')]![2] = '2';
    segments[indexOf(segments, 'IEA')]![2] = '000000908';
    const result = read837(toText(segments));
    expect(result.transactions[0]!.syntaxErrorCodes).toEqual(['3']);
    expect(result.groups[0]!.errorCodes).toEqual(['4']);
    expect(result.interchanges[0]!.errors).toEqual(['IEA02 control number 000000908 does not match ISA13 000000907']);
    const messages = result.problems.map((p) => `${p.where}: ${p.message}`);
    expect(messages).toContain('segment 39 (SE): SE02 control number 0022 does not match ST02 0021');
    expect(messages).toContain('GE segment (segment 42 of the file): GE02 control number 2 does not match GS06 1');
    expect(messages).toContain('IEA segment (segment 43 of the file): IEA02 control number 000000908 does not match ISA13 000000907');
    expect(result.bills[0]!.reviewReasons.join(' ')).toMatch(/GS06 and GE02 control numbers differ/);
  });

  it('GE01 and IEA01 counts are checked against what the envelopes hold', () => {
    const segments = fixtureSegments(PROFESSIONAL);
    segments[indexOf(segments, 'GE')]![1] = '2';
    segments[indexOf(segments, 'IEA')]![1] = '3';
    const result = read837(toText(segments));
    expect(result.groups[0]!.errorCodes).toEqual(['5']);
    expect(result.groups[0]!.declaredTransactionCount).toBe(2);
    expect(result.interchanges[0]!.errors).toEqual(['IEA01 says 3 functional groups but the interchange holds 1']);
  });

  it('reads several interchanges with different separators, groups and transaction sets in one file', () => {
    const first = fixtureText('837_005010X222A2/demo.example1.837');
    const second = fixtureText(TWO_CLAIMS).replace(/\*/g, '|').replace(/:/g, '>').replace(/~\n?/g, '\n').replace('|^|', '|!|');
    const result = read837(`${first}\r\n${second}`);
    expect(result.interchanges.map((i) => i.separators)).toEqual([
      { element: '*', component: ':', repetition: '^', segment: '~' },
      { element: '|', component: '>', repetition: '!', segment: '\n' },
    ]);
    expect(result.bills.map((b) => [b.claimIndex, b.claimNumber, b.lines.length])).toEqual([
      [0, '26463774', 4],
      [1, '756048Q', 2],
      [2, '756049Q', 1],
    ]);
    expect(result.bills[1]!.lines[0]!.code).toBe('85025');
    expect(result.problems).toEqual([]);
  });

  it('reads two transaction sets in one group, each claim numbered across the file', () => {
    const a = transactionBody(fixtureSegments(PROFESSIONAL));
    const b = transactionBody(fixtureSegments(TWO_CLAIMS));
    const result = read837(toText(interchange([a, b])));
    expect(result.transactions.map((t) => [t.controlNumber, t.claimType, t.firstClaimIndex, t.claimCount, t.status])).toEqual([
      ['1001', 'professional', 0, 1, 'accepted'],
      ['1002', 'institutional', 1, 2, 'accepted'],
    ]);
    expect(result.bills.map((bill) => bill.sourceFormat)).toEqual(['x12-837p', 'x12-837i', 'x12-837i']);
  });

  it('tolerates CR/LF, blank lines, spaces and a UTF-8 byte-order mark between segments', () => {
    const text = fixtureText(PROFESSIONAL);
    const spaced = '\uFEFF' + text.replace(/~\n/g, '~\r\n  \r\n\t');
    const bytes = new TextEncoder().encode(spaced);
    expect(bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(read837(bytes).bills).toEqual(read837(text).bills);
  });
});

describe('claim validation', () => {
  it('a total that does not add up names the CLM segment and loop and sends only that claim to review', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    const clm = indexOf(segments, 'CLM');
    segments[clm]![2] = '99.95';
    const result = read837(toText(segments));
    const [bad, good] = result.bills;
    const where = `segment ${positionInSet(segments, clm)} (CLM, loop 2300)`;
    expect(bad!.reviewReasons).toEqual([
      `the total charge CLM02 (99.95) does not equal the sum of the line charges (89.95) (${where})`,
    ]);
    expect(good!.reviewReasons).toEqual([]);
    expect(result.problems).toContainEqual({
      claimIndex: 0,
      where,
      message: 'the total charge CLM02 (99.95) does not equal the sum of the line charges (89.95)',
      fatal: false,
    });
    const tx = result.transactions[0]!;
    expect(tx.status).toBe('accepted-with-errors');
    expect(tx.errors).toEqual([
      expect.objectContaining({ position: 19, segmentId: 'CLM', loop: '2300', code: '8', element: expect.objectContaining({ position: 2, code: 'I12' }) }),
    ]);
  });

  it('a line charge that is not an amount flags its own claim; the neighbour claim goes on', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    const sv2 = indexOf(segments, 'SV2', undefined, 1);
    segments[sv2]![3] = '76.5X';
    const result = read837(toText(segments));
    expect(result.bills).toHaveLength(2);
    expect(result.bills[0]!.reviewReasons).toEqual([
      `SV203 line charge is not a valid amount (segment ${positionInSet(segments, sv2)} (SV2, loop 2400))`,
    ]);
    expect(result.bills[1]!.reviewReasons).toEqual([]);
    expect(result.bills[1]!.totalChargeCents).toBe(5000);
  });

  it('a missing billing provider names loop 2010AA for every claim under it', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    const nm1 = indexOf(segments, 'NM1', '85');
    segments.splice(nm1, 4); // NM1*85, N3, N4, REF*EI
    const result = read837(toText(fixCounts(segments)));
    for (const bill of result.bills) {
      expect(bill.reviewReasons).toEqual(['the billing provider (NM1*85, loop 2010AA) is missing (segment 6 (HL, loop 2000A))']);
      expect(bill.providers.map((p) => p.role)).toEqual(['attending']);
    }
    expect(result.transactions[0]!.errors).toEqual([expect.objectContaining({ segmentId: 'NM1', loop: '2010AA', code: '3' })]);
  });

  it('missing principal diagnosis, missing line date and an impossible date are named', () => {
    const segments = fixtureSegments(PROFESSIONAL);
    segments.splice(indexOf(segments, 'HI'), 1);
    segments[indexOf(segments, 'DTP', '472', 1)]![3] = '20051341';
    segments.splice(indexOf(segments, 'DTP', '472', 0), 1);
    const result = read837(toText(fixCounts(segments)));
    expect(result.bills[0]!.reviewReasons).toEqual([
      'DTP03 is not a valid D8 date (segment 36 (DTP, loop 2400))',
      'the principal diagnosis (HI with ABK/BK) is missing (segment 23 (CLM, loop 2300))',
      'service line 1 has no service date (DTP*472) (segment 32 (LX, loop 2400))',
    ]);
  });

  it('a claim without service lines and a line without SV1 are named', () => {
    const segments = fixtureSegments(PROFESSIONAL);
    segments.splice(indexOf(segments, 'SV1', undefined, 1), 1);
    const noLines = fixtureSegments('837_005010X222A2/demo.example6.837');
    noLines.splice(indexOf(noLines, 'LX'), 4);
    expect(read837(toText(fixCounts(segments))).bills[0]!.reviewReasons).toContain(
      'service line 2 has no SV1 segment (segment 36 (LX, loop 2400))',
    );
    expect(read837(toText(fixCounts(noLines))).bills[0]!.reviewReasons).toEqual([
      'the claim has no service lines (LX) (segment 19 (CLM, loop 2300))',
    ]);
  });
});

describe('cut-off and mixed files', () => {
  it('a file cut inside a claim returns the claims before it and the partial claim, with a fatal problem', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    const text = toText(segments);
    const cut = text.indexOf('SV2*0300');
    const result = read837(text.slice(0, cut + 12));
    expect(result.bills.map((b) => b.claimNumber)).toEqual(['756048Q', '756049Q']);
    expect(result.bills[0]!.reviewReasons).toEqual([
      'transaction set 987654 is rejected in the 999 (SE trailer missing)',
      'its functional group has trailer errors (GE trailer missing)',
    ]);
    expect(result.bills[1]!.reviewReasons.join(' ')).toMatch(/ends inside this claim's transaction set 987654/);
    expect(result.problems.filter((p) => p.fatal).map((p) => p.message)).toEqual([
      'the input ends inside a segment (no segment terminator)',
      'the input ends inside transaction set 987654 (no SE trailer): it looks cut off',
    ]);
  });

  it('a megabyte without a segment terminator stops reading with a fatal problem instead of buffering the rest', () => {
    const text = fixtureText(PROFESSIONAL);
    const cut = text.indexOf('LX*1');
    const result = read837(new TextEncoder().encode(text.slice(0, cut) + 'NTE*ADD*' + 'X'.repeat(3_000_000)));
    expect(result.problems.filter((p) => p.fatal).map((p) => p.message)).toContain(
      'no segment terminator within 1 MB: the rest of the input is not readable X12',
    );
    expect(result.bills).toHaveLength(1);
    expect(result.bills[0]!.reviewReasons.join(' ')).toMatch(/may be incomplete/);
  });

  it('an ISA cut short is an UnreadableDocument', () => {
    const text = fixtureText(PROFESSIONAL);
    expect(() => read837(text.slice(0, 60))).toThrow(UnreadableDocument);
    expect(() => read837(text.slice(0, 60))).toThrow(/ISA segment is cut off/);
  });

  it('an 835 next to an 837 in one interchange is refused by name while the 837 claims are read', () => {
    const claims = transactionBody(fixtureSegments(PROFESSIONAL));
    const remit = transactionBody(fixtureSegments('835_005010X221A1/managed-care.835'));
    const result = read837(toText(interchange([claims, remit])));
    expect(result.bills).toHaveLength(1);
    expect(result.transactions.map((t) => [t.transactionSetId, t.status, t.syntaxErrorCodes])).toEqual([
      ['837', 'accepted', []],
      ['835', 'rejected', ['1']],
    ]);
    expect(result.problems).toContainEqual({
      claimIndex: null,
      where: 'segment 1 (ST) of transaction set 1002',
      message:
        'transaction set 835 (health care claim payment/advice, a remittance) is not an 837 claim: Parley reads only 837P and 837I claims, so it was refused',
      fatal: false,
    });
  });

  it('a 270 eligibility inquiry alone is refused with its name', () => {
    const body = [['ST', '270', '0001', '005010X279A1'], ['BHT', '0022', '13', '10001234', '20240102', '1319'], ['SE', '3', '0001']];
    expect(() => read837(toText(interchange([body])))).toThrow(/270 \(eligibility inquiry\) transaction sets, not 837 claims/);
  });
});
