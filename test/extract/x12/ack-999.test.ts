// The 999 acknowledgment: envelopes, AK1/AK2, IK3/IK4 pointing at the offending segment and element, IK5 and AK9.
import { describe, expect, it } from 'vitest';
import { build999, read837 } from '../../../shared/extract/x12/index.ts';
import { fixtureText } from './fixtures.ts';
import { fixtureSegments, indexOf, interchange, segmentsOf, toText, transactionBody } from './edit.ts';

const NOW = new Date('2026-03-04T05:06:07Z');
const TWO_CLAIMS = '837_005010X223A3/two-claims-single-provider.837i';

function ack(text: string, controlNumber = 42): string[] {
  const result = read837(text);
  return segmentsOf(build999(result, { controlNumber, now: NOW })).map((s) => s.join('*'));
}

/** The segments of a 999 from ST to SE, checked to be counted right by its own SE01. */
function body(segments: string[]): string[] {
  const st = segments.findIndex((s) => s.startsWith('ST*999*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  expect(segments[se]).toBe(`SE*${se - st + 1}*0001`);
  return segments.slice(st + 1, se);
}

describe('build999', () => {
  it('accepts a clean 837 with valid envelopes addressed back to its sender', () => {
    const segments = ack(fixtureText(TWO_CLAIMS));
    expect(segments[0]).toBe('ISA*00*          *00*          *30*12345          *30*000000005      *260304*0506*^*00501*000000042*0*T*:');
    expect(segments[0]!.length).toBe(105);
    expect(segments[1]).toBe('GS*FA*54321*000000005*20260304*0506*42*X*005010X231A1');
    expect(segments[2]).toBe('ST*999*0001*005010X231A1');
    expect(body(segments)).toEqual(['AK1*HC*1*005010X223A3', 'AK2*837*987654*005010X223A3', 'IK5*A', 'AK9*A*1*1*1']);
    expect(segments.slice(-2)).toEqual(['GE*1*42', 'IEA*1*000000042']);
  });

  it('names the sender and receiver it is given', () => {
    const result = read837(fixtureText(TWO_CLAIMS));
    const text = build999(result, { controlNumber: 7, now: NOW, senderId: 'PARLEY', receiverId: 'TPA01' });
    expect(text.startsWith('ISA*00*          *00*          *ZZ*PARLEY         *ZZ*TPA01          *')).toBe(true);
  });

  it('accepts with errors (E) a set whose claim total does not add up, pointing at CLM02 with the claim number', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    segments[indexOf(segments, 'CLM')]![2] = '99.95';
    expect(body(ack(toText(segments)))).toEqual([
      'AK1*HC*1*005010X223A3',
      'AK2*837*987654*005010X223A3',
      'IK3*CLM*19*2300*8',
      'CTX*CLM01:756048Q',
      'IK4*2*782*I12*99.95',
      'IK5*E*I5',
      'AK9*E*1*1*1',
    ]);
  });

  it('points IK4 at a bad date element and a missing required segment at its loop', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    segments[indexOf(segments, 'DTP', '472', 0)]![3] = '20050230';
    const lines = body(ack(toText(segments)));
    expect(lines).toContain('IK3*DTP*28*2400*8');
    expect(lines).toContain('IK4*3*1251*8*20050230');
    const noSubscriber = fixtureSegments(TWO_CLAIMS);
    noSubscriber.splice(indexOf(noSubscriber, 'NM1', 'IL'), 1);
    noSubscriber[indexOf(noSubscriber, 'SE')]![1] = '47';
    const missing = body(ack(toText(noSubscriber)));
    expect(missing.slice(2, 5)).toEqual(['IK3*NM1*12*2010BA*3', 'CTX*CLM01:756048Q', 'IK5*E*I5']);
  });

  it('rejects (R) a set whose SE01 count is wrong and says so in IK5 and AK9', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    segments[indexOf(segments, 'SE')]![1] = '47';
    expect(body(ack(toText(segments)))).toEqual(['AK1*HC*1*005010X223A3', 'AK2*837*987654*005010X223A3', 'IK5*R*4', 'AK9*R*1*1*0']);
  });

  it('partially accepts (P) a group where one set is an 835 and reports the group count error', () => {
    const claims = transactionBody(fixtureSegments(TWO_CLAIMS));
    const remit = transactionBody(fixtureSegments('835_005010X221A1/managed-care.835'));
    const file = interchange([claims, remit]);
    expect(body(ack(toText(file)))).toEqual([
      'AK1*HC*7*005010X222A1',
      'AK2*837*1001*005010X223A3',
      'IK5*A',
      'AK2*835*1002',
      'IK5*R*1',
      'AK9*P*2*2*1',
    ]);
    file[file.length - 2]![1] = '3';
    expect(body(ack(toText(file))).at(-1)).toBe('AK9*R*3*2*1*5');
  });

  it('answers each interchange of a file with its own 999 interchange and control number', () => {
    const text = fixtureText(TWO_CLAIMS) + fixtureText('837_005010X222A2/demo.example1.837');
    const segments = ack(text, 100);
    expect(segments.filter((s) => s.startsWith('ISA')).map((s) => s.split('*')[13])).toEqual(['000000100', '000000101']);
    expect(segments.filter((s) => s.startsWith('AK2'))).toEqual(['AK2*837*987654*005010X223A3', 'AK2*837*0021*005010X222A2']);
  });

  it('produces a 999 that is itself well-formed X12 (every SE01, GE01 and IEA01 adds up)', () => {
    const segments = fixtureSegments(TWO_CLAIMS);
    segments[indexOf(segments, 'CLM', undefined, 1)]![2] = '1.00';
    const lines = ack(toText(segments)).map((s) => s.split('*'));
    let st = -1;
    let sets = 0;
    for (let i = 0; i < lines.length; i++) {
      const [id, a, b] = lines[i]!;
      if (id === 'ST') (st = i), sets++;
      if (id === 'SE') expect(Number(a)).toBe(i - st + 1);
      if (id === 'GE') expect(Number(a)).toBe(sets);
      if (id === 'IEA') expect([a, b]).toEqual(['1', lines[0]![13]]);
    }
  });
});
