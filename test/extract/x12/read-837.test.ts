// read837 on every 837 sample: claim and line counts, totals, and field-level values checked against the files.
import { describe, expect, it } from 'vitest';
import { read837 } from '../../../shared/extract/x12/index.ts';
import { UnreadableDocument } from '../../../shared/extract/extraction-result.ts';
import { Bill, providerByRole } from '../../../shared/model/bill.ts';
import { EXPECTED_837, REMITTANCES_835, fixture } from './fixtures.ts';

function only(path: string): Bill {
  const result = read837(fixture(path));
  expect(result.bills).toHaveLength(1);
  return result.bills[0]!;
}

describe('read837 on the sample files', () => {
  it.each(EXPECTED_837.map((e) => [e.path, e] as const))('%s: claims, lines and totals as counted by hand', (_path, expected) => {
    const result = read837(fixture(expected.path));
    expect(result.bills.map((b) => ({ lines: b.lines.length, totalCents: b.totalChargeCents }))).toEqual(expected.claims);
    for (const bill of result.bills) {
      expect(bill.claimType).toBe(expected.claimType);
      expect(bill.sourceFormat).toBe(expected.claimType === 'professional' ? 'x12-837p' : 'x12-837i');
      expect(bill.lines.reduce((sum, line) => sum + line.chargeCents, 0)).toBe(bill.totalChargeCents);
      expect(bill.reviewReasons).toEqual([]);
      expect(() => Bill.parse(bill)).not.toThrow();
    }
    expect(result.bills.map((b) => b.claimIndex)).toEqual(expected.claims.map((_, i) => i));
    expect(result.problems.filter((p) => p.fatal)).toEqual([]);
    expect(result.transactions).toHaveLength(1);
    expect(result.transactions[0]!.status).not.toBe('rejected');
    expect(result.transactions[0]!.claimCount).toBe(expected.claims.length);
  });

  it('reads the same claims from a string as from bytes', () => {
    const bytes = fixture('837_005010X222A2/demo.example1.837');
    expect(read837(bytes.toString('utf8')).bills).toEqual(read837(bytes).bills);
  });
});

describe('837P fields', () => {
  it('reads providers, patient reference, place of service and lines of the auto accident claim', () => {
    const bill = only('837_005010X222A2/demo.autoaccident.837');
    expect(bill.claimNumber).toBe('900000032');
    expect(bill.patient).toEqual({ memberId: 'B99977791G', lastName: 'DIMPSON', firstName: 'DJ', accountNumber: '900000032' });
    expect(bill.payer).toEqual({ name: 'HEISMAN INSURANCE COMPANY', id: '999888777' });
    const billing = providerByRole(bill, 'billing')!;
    expect(billing).toMatchObject({ name: 'ASSOCIATED MEDICAL GROUP', npi: '1253695747', tin: '579999999' });
    expect(billing.address).toEqual({ line1: '10 1/2 SHOEMAKER STREET', line2: null, city: 'COBBLER', state: 'CA', zip: '99997', zipPlus4: null });
    expect(providerByRole(bill, 'rendering')).toMatchObject({ name: 'BRUNO MOGLIE', npi: '2366552595', taxonomy: '208D00000X' });
    expect(providerByRole(bill, 'service-facility')).toMatchObject({ npi: '1235767887', address: { zip: '99622', city: 'LOMA LINDA' } });
    expect(bill.placeOfService).toBe('11');
    expect(bill.frequencyCode).toBe('1');
    expect(bill.diagnoses).toEqual(['8540']);
    expect(bill.lines.map((l) => [l.code, l.chargeCents, l.unitBasis, l.units, l.serviceDate, l.placeOfService, l.diagnosisPointers])).toEqual([
      ['99201', 15000, 'UN', 1, '2005-10-31', '11', [1]],
      ['26010', 3500, 'UN', 1, '2005-10-31', '11', [1]],
    ]);
    expect(bill.statementFrom).toBe('2005-10-31');
    expect(bill.statementTo).toBe('2005-10-31');
  });

  it('keeps the provenance of each field: segment position within the transaction set, segment id and loop', () => {
    const bill = only('837_005010X222A2/demo.autoaccident.837');
    expect(bill.provenance.totalChargeCents).toEqual({ engine: 'x12', segment: 23, segmentId: 'CLM', loop: '2300', confidence: 1 });
    expect(bill.provenance['lines.0.chargeCents']).toEqual({ engine: 'x12', segment: 34, segmentId: 'SV1', loop: '2400', confidence: 1 });
    expect(bill.provenance['lines.1.serviceDate']).toMatchObject({ segment: 38, segmentId: 'DTP', loop: '2400' });
    expect(bill.provenance['providers.0.tin']).toMatchObject({ segment: 10, segmentId: 'REF', loop: '2010AA' });
    expect(bill.provenance['providers.0.address.zip']).toMatchObject({ segment: 9, segmentId: 'N4', loop: '2010AA' });
    expect(bill.provenance['patient.memberId']).toMatchObject({ segment: 13, segmentId: 'NM1', loop: '2010BA' });
    expect(bill.provenance['diagnoses.0']).toMatchObject({ segment: 26, segmentId: 'HI', loop: '2300' });
  });

  it('reads anesthesia minutes (MJ), four modifiers and pointers written as "1.00"', () => {
    const bill = only('837_005010X222A2/demo.example9.837');
    const line = bill.lines[0]!;
    expect(line).toMatchObject({ code: '00142', modifiers: ['QK', 'QS', 'P1'], unitBasis: 'MJ', units: 61, chargeCents: 82700 });
    expect(line.diagnosisPointers).toEqual([1]);
    expect(line.placeOfService).toBe('22');
    expect(providerByRole(bill, 'billing')).toMatchObject({ npi: '2366554859', tin: '756473826', address: { zip: '37232' } });
    expect(providerByRole(bill, 'rendering')!.npi).toBe('5678912345');
    expect(bill.diagnoses).toEqual(['36616']);
  });

  it('reads line date ranges (RD8), NDC codes, line place of service and a dashed EIN', () => {
    const bill = only('837_005010X222A2/demo.drug.example10.2.837');
    expect(bill.lines.map((l) => l.ndc)).toEqual([null, '00004196501', '63323024910', '00338004938', '08290033010', '08290038005']);
    expect(bill.lines.every((l) => l.serviceDate === '2004-02-01' && l.serviceDateTo === '2004-02-07')).toBe(true);
    expect(bill.lines.map((l) => l.units)).toEqual([7, 7, 14, 7, 14, 7]);
    expect(bill.lines.every((l) => l.placeOfService === '12')).toBe(true);
    expect(providerByRole(bill, 'billing')!.tin).toBe('101234567');
    // NM1*DK is the ordering provider (2420E), not a rendering provider.
    expect(bill.lines.every((l) => l.renderingNpi === null)).toBe(true);
  });

  it('reads three modifiers and a billing provider with two REF segments', () => {
    const bill = only('837_005010X222A2/demo.example8.837');
    expect(bill.lines[0]).toMatchObject({ code: 'K0001', modifiers: ['RR', 'KH', 'BR'], serviceDate: '2005-03-21', serviceDateTo: '2005-03-21' });
    expect(providerByRole(bill, 'billing')).toMatchObject({ npi: '7778889999', tin: '123567989' });
    expect(bill.placeOfService).toBe('12');
  });

  it('reads HCP repricing at claim and line level, ZIP+4 split, referring and facility providers', () => {
    const bill = only('837_005010X222A2/demo.example11.837');
    expect(bill.existingRepricing).toEqual({ methodology: '03', allowedCents: 2675, savingsCents: 200, organizationId: '908231234' });
    expect(bill.lines.map((l) => l.existingRepricing)).toEqual([
      { methodology: '03', allowedCents: 2375, savingsCents: 125, organizationId: '908231234' },
      { methodology: '03', allowedCents: 300, savingsCents: 75, organizationId: '908231234' },
    ]);
    expect(providerByRole(bill, 'billing')!.address).toMatchObject({ zip: '46254', zipPlus4: '0000' });
    expect(providerByRole(bill, 'referring')).toMatchObject({ name: 'JOHN DOE', npi: '9988776655' });
    expect(providerByRole(bill, 'rendering')!.npi).toBe('1122334455');
    expect(providerByRole(bill, 'service-facility')).toMatchObject({ name: 'HAPPY DOCTORS GROUP', address: { zip: '47501', zipPlus4: '0000' } });
    expect(bill.lines.map((l) => [l.code, l.modifiers])).toEqual([
      ['E0570', ['RR']],
      ['A7003', ['NU']],
    ]);
    expect(bill.diagnoses).toEqual(['496', '25000']);
  });

  it('does not take other-payer loops (2320/2330) for the claim: one rendering provider, the 2010BA member id', () => {
    const bill = only('837_005010X222A2/demo.cob.example3.C.837');
    expect(bill.providers.filter((p) => p.role === 'rendering')).toHaveLength(1);
    expect(providerByRole(bill, 'rendering')!.npi).toBe('1999996666');
    expect(bill.patient.memberId).toBe('22233444');
    expect(bill.payer!.name).toBe('GREAT PRAIRIES HEALTH');
    expect(bill.patient.lastName).toBe('SMITH');
    expect(bill.patient.firstName).toBe('TED');
  });

  it('keeps the pay-to address and the ambulance diagnoses in HI order, ignoring pick-up and drop-off locations', () => {
    const payTo = only('837_005010X222A2/demo.cob.example3.A.837');
    expect(providerByRole(payTo, 'pay-to')).toMatchObject({ name: null, address: { line1: '2345 OCEAN BLVD', zip: '33111' } });
    const ambulance = only('837_005010X222A2/demo.ambulance.example5.837');
    expect(ambulance.providers.map((p) => p.role)).toEqual(['billing']);
    expect(providerByRole(ambulance, 'billing')!.taxonomy).toBe('3416L0300X');
    expect(ambulance.diagnoses).toEqual(['8628', 'E8888', '9592', '8540']);
    expect(ambulance.lines[0]!.diagnosisPointers).toEqual([1, 2, 3, 4]);
    expect(ambulance.lines.map((l) => l.modifiers)).toEqual([['RH'], ['RH'], ['RH'], ['RH']]);
    expect(ambulance.lines[1]!.units).toBe(21);
  });

  it('reads claim-level zero repricing (HCP*00) with an empty savings element', () => {
    const bill = only('837_005010X222A2/demo.example12.837');
    expect(bill.existingRepricing).toEqual({ methodology: '00', allowedCents: 0, savingsCents: null, organizationId: '333001234' });
    expect(bill.placeOfService).toBe('23');
  });

  it('stores no patient address or date of birth anywhere in the bill', () => {
    const bill = only('837_005010X222A2/demo.cob.example3.A.837');
    const text = JSON.stringify(bill);
    expect(text).not.toContain('236 N MAIN ST');
    expect(text).not.toContain('19730501');
    expect(text).not.toContain('1973-05-01');
  });
});

describe('837I fields', () => {
  it('reads type of bill, statement and admission dates, revenue codes and repricing of the PPO claim', () => {
    const bill = only('837_005010X223A3/ppo-repriced-claim.837i');
    expect(bill.typeOfBill).toBe('131');
    expect(bill.frequencyCode).toBe('1');
    expect(bill.placeOfService).toBeNull();
    expect(bill.statementFrom).toBe('2005-07-06');
    expect(bill.statementTo).toBe('2005-07-06');
    expect(bill.admissionDate).toBe('2005-07-06');
    expect(bill.diagnoses).toEqual(['38181', '38900']);
    expect(bill.lines.map((l) => [l.revenueCode, l.code, l.chargeCents, l.unitBasis, l.units, l.serviceDate])).toEqual([
      ['0471', '92557', 17800, 'UN', 1, '2005-07-06'],
      ['0471', '92567', 5950, 'UN', 1, '2005-07-06'],
    ]);
    expect(bill.existingRepricing).toEqual({ methodology: '03', allowedCents: 18288, savingsCents: 5462, organizationId: '123456789' });
    expect(bill.lines[1]!.existingRepricing).toEqual({ methodology: '03', allowedCents: 4582, savingsCents: 1368, organizationId: null });
    expect(providerByRole(bill, 'attending')).toMatchObject({ name: 'SIMON JOHNSON', npi: '5544332211' });
    expect(providerByRole(bill, 'billing')).toMatchObject({ npi: '1257234346', tin: '344232321', address: { zip: '86001', zipPlus4: '5590' } });
    expect(bill.patient).toEqual({ memberId: '345U8423H', lastName: 'JONES', firstName: 'JOY', accountNumber: '456DFH43' });
  });

  it('attaches each of two claims to its own subscriber under the shared billing provider', () => {
    const { bills } = read837(fixture('837_005010X223A3/two-claims-single-provider.837i'));
    expect(bills.map((b) => b.claimNumber)).toEqual(['756048Q', '756049Q']);
    expect(bills.map((b) => providerByRole(b, 'billing')!.npi)).toEqual(['1234567890', '1234567890']);
    expect(bills.map((b) => b.patient.memberId)).toEqual(['030005074', '123405074']);
    expect(bills.map((b) => providerByRole(b, 'attending')!.npi)).toEqual(['1122334455', '9999999999']);
    expect(providerByRole(bills[1]!, 'attending')!.taxonomy).toBe('363LP0200N');
    expect(bills.map((b) => [b.statementFrom, b.statementTo])).toEqual([
      ['2005-03-15', '2005-03-15'],
      ['2005-04-01', '2005-04-01'],
    ]);
    expect(bills[0]!.lines[1]).toMatchObject({ revenueCode: '0730', code: '93005', units: 3, chargeCents: 7656 });
  });

  it('keeps diagnoses but not occurrence, value or condition codes (HI BH/BE/BG)', () => {
    const bill = only('837_005010X223A3/institutional-claim.837i');
    expect(bill.diagnoses).toEqual(['3669', '4019', '79431']);
    expect(bill.typeOfBill).toBe('141');
    expect(bill.patient.memberId).toBe('030005074A');
    expect(providerByRole(bill, 'attending')).toMatchObject({ name: 'JOHN J JONES', npi: null });
  });

  it('reads the out-of-network claim with an admission date-time (DT)', () => {
    const bill = only('837_005010X223A3/out-of-network-repriced-claim.837i');
    expect(bill.admissionDate).toBe('2005-06-17');
    expect(bill.typeOfBill).toBe('131');
    expect(bill.lines[0]).toMatchObject({ revenueCode: '0301', code: '82270', chargeCents: 1484 });
  });
});

describe('4010 claims', () => {
  it('reads revenue-code-only lines with days (DA), a claim HCP and a date range statement period', () => {
    const bill = only('837_004010X096A1/institutional-ppo-repriced.837');
    expect(bill.lines.map((l) => [l.revenueCode, l.code, l.unitBasis, l.units])).toEqual([
      ['0120', null, 'DA', 2],
      ['0250', null, 'UN', 1],
      ['0258', null, 'UN', 1],
      ['0270', null, 'UN', 1],
      ['0300', null, 'UN', 1],
    ]);
    expect(bill.existingRepricing).toEqual({ methodology: '06', allowedCents: 204000, savingsCents: 55369, organizationId: '252665599' });
    expect([bill.statementFrom, bill.statementTo, bill.admissionDate]).toEqual(['1996-12-22', '1996-12-24', '1996-12-22']);
    expect(bill.typeOfBill).toBe('111');
  });

  it('normalizes three-digit and decimal revenue codes and strips decimal points from diagnoses', () => {
    const bill = only('837_004010X096A1/workers-compensation.837');
    expect(bill.lines.map((l) => l.revenueCode)).toEqual(['0450', '0320', '0360']);
    expect(bill.diagnoses).toEqual(['81602', '3540']);
  });

  it('reads a TIN carried in NM1 with qualifier 24', () => {
    const bill = only('837_004010X098A1/coordination-of-benefits.837');
    expect(providerByRole(bill, 'billing')).toMatchObject({ npi: null, tin: '587654321' });
    expect(providerByRole(bill, 'rendering')).toMatchObject({ npi: null, tin: '999996666', taxonomy: '203BF0100Y' });
  });
});

describe('other transaction sets', () => {
  it.each(REMITTANCES_835)('refuses the 835 remittance %s with UnreadableDocument naming the set', (path) => {
    let error: unknown;
    try {
      read837(fixture(path));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnreadableDocument);
    expect((error as UnreadableDocument).message).toMatch(/835 \(health care claim payment\/advice/);
    expect((error as UnreadableDocument).where).toMatch(/^segment 1 \(ST\) of transaction set /);
    expect((error as UnreadableDocument).disposition).toBe('REJECTED');
  });

  it('refuses input that is not X12 and empty input', () => {
    expect(() => read837('hello, this is a letter')).toThrow(UnreadableDocument);
    expect(() => read837(new Uint8Array(0))).toThrow(/empty/);
  });
});

describe('provenance of large claims', () => {
  it('keeps every field of a 3,000-line claim and of the claim after it traceable to its segment', async () => {
    const { fixtureSegments, toText, fixCounts, indexOf, transactionBody, interchange } = await import('./edit.ts');
    const body = transactionBody(fixtureSegments('837_005010X222A2/demo.example6.837'));
    const lx = indexOf(body, 'LX');
    const line = body.slice(lx, lx + 4); // LX, SV1, DTP, REF
    const lines = Array.from({ length: 3000 }, (_, i) => line.map((s, j) => (j === 0 ? ['LX', String(i + 1)] : s.slice())));
    const big = [...body.slice(0, lx), ...lines.flat(), ...body.slice(lx + 4)].map((s) => s.slice());
    big[indexOf(big, 'CLM')]![2] = (145.5 * 3000).toFixed(2);
    const result = read837(toText(interchange([fixCounts(big), body])));
    expect(result.problems.filter((p) => !p.message.includes('component separator'))).toEqual([]);
    const [first, second] = result.bills;
    expect(first!.lines).toHaveLength(3000);
    const lastLx = lx + 1 + 2999 * 4;
    expect(first!.provenance['lines.2999.chargeCents']).toEqual({ engine: 'x12', segment: lastLx + 1, segmentId: 'SV1', loop: '2400', confidence: 1 });
    expect(first!.provenance['lines.0.serviceDate']).toMatchObject({ segment: lx + 3, segmentId: 'DTP' });
    expect(first!.provenance.totalChargeCents).toMatchObject({ segment: indexOf(big, 'CLM') + 1, segmentId: 'CLM' });
    expect(second!.provenance['lines.0.chargeCents']).toMatchObject({ segment: lx + 2, segmentId: 'SV1' });
    expect(second!.provenance['providers.0.npi']).toMatchObject({ segmentId: 'NM1', loop: '2010AA' });
  });
});
