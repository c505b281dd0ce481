// The X12 sample files (copied from the team kit into test/fixtures/x12) and what a person counted in each by hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../fixtures/x12/', import.meta.url));

export function fixture(path: string): Buffer {
  return readFileSync(root + path);
}

export function fixtureText(path: string): string {
  return fixture(path).toString('utf8');
}

export interface ExpectedFile {
  path: string;
  claimType: 'professional' | 'institutional';
  /** Per claim, in file order: number of LX service lines and CLM02 in cents. */
  claims: { lines: number; totalCents: number }[];
}

/**
 * Written down from reading each file (counting LX segments, adding SV102/SV203 by hand), not from the parser.
 * Every CLM02 in these samples equals the sum of its line charges.
 */
export const EXPECTED_837: ExpectedFile[] = [
  // 837P 5010 (005010X222A2)
  { path: '837_005010X222A2/demo.ambulance.example5.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 76650 }] },
  { path: '837_005010X222A2/demo.autoaccident.837', claimType: 'professional', claims: [{ lines: 2, totalCents: 18500 }] },
  { path: '837_005010X222A2/demo.cob.2ndary.example4.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 14550 }] },
  { path: '837_005010X222A2/demo.cob.example3.A.837', claimType: 'professional', claims: [{ lines: 3, totalCents: 7904 }] },
  { path: '837_005010X222A2/demo.cob.example3.B.837', claimType: 'professional', claims: [{ lines: 3, totalCents: 7904 }] },
  { path: '837_005010X222A2/demo.cob.example3.C.837', claimType: 'professional', claims: [{ lines: 3, totalCents: 7904 }] },
  { path: '837_005010X222A2/demo.cob.example4.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 12000 }] },
  { path: '837_005010X222A2/demo.drug.example10.1.837', claimType: 'professional', claims: [{ lines: 2, totalCents: 10337 }] },
  { path: '837_005010X222A2/demo.drug.example10.2.837', claimType: 'professional', claims: [{ lines: 6, totalCents: 223293 }] },
  { path: '837_005010X222A2/demo.drug.example10.3.837', claimType: 'professional', claims: [{ lines: 6, totalCents: 223293 }] },
  { path: '837_005010X222A2/demo.example1.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 10000 }] },
  { path: '837_005010X222A2/demo.example11.837', claimType: 'professional', claims: [{ lines: 2, totalCents: 2875 }] },
  { path: '837_005010X222A2/demo.example12.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 25271 }] },
  { path: '837_005010X222A2/demo.example2.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 10000 }] },
  { path: '837_005010X222A2/demo.example6.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 14550 }] },
  { path: '837_005010X222A2/demo.example7.837', claimType: 'professional', claims: [{ lines: 2, totalCents: 52024 }] },
  { path: '837_005010X222A2/demo.example8.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 7500 }] },
  { path: '837_005010X222A2/demo.example9.837', claimType: 'professional', claims: [{ lines: 1, totalCents: 82700 }] },
  // 837I 5010 (005010X223A3)
  { path: '837_005010X223A3/institutional-claim.837i', claimType: 'institutional', claims: [{ lines: 2, totalCents: 8993 }] },
  { path: '837_005010X223A3/out-of-network-repriced-claim.837i', claimType: 'institutional', claims: [{ lines: 1, totalCents: 1484 }] },
  { path: '837_005010X223A3/ppo-repriced-claim.837i', claimType: 'institutional', claims: [{ lines: 2, totalCents: 23750 }] },
  {
    path: '837_005010X223A3/two-claims-single-provider.837i',
    claimType: 'institutional',
    claims: [
      { lines: 2, totalCents: 8995 },
      { lines: 1, totalCents: 5000 },
    ],
  },
  // 837I 4010 (004010X096A1)
  { path: '837_004010X096A1/automobile-accident.837', claimType: 'institutional', claims: [{ lines: 4, totalCents: 54500 }] },
  { path: '837_004010X096A1/homeowners.837', claimType: 'institutional', claims: [{ lines: 3, totalCents: 45000 }] },
  { path: '837_004010X096A1/institutional-ppo-repriced.837', claimType: 'institutional', claims: [{ lines: 5, totalCents: 259369 }] },
  { path: '837_004010X096A1/institutional.837', claimType: 'institutional', claims: [{ lines: 2, totalCents: 8993 }] },
  { path: '837_004010X096A1/workers-compensation.837', claimType: 'institutional', claims: [{ lines: 3, totalCents: 35000 }] },
  // 837P 4010 (004010X098A1)
  { path: '837_004010X098A1/coordination-of-benefits.837', claimType: 'professional', claims: [{ lines: 3, totalCents: 7904 }] },
  { path: '837_004010X098A1/dependent-commercial-insurance-01.837', claimType: 'professional', claims: [{ lines: 6, totalCents: 24500 }] },
  { path: '837_004010X098A1/dependent-commercial-insurance-02.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 40500 }] },
  { path: '837_004010X098A1/dependent-commercial-insurance-03.837', claimType: 'professional', claims: [{ lines: 2, totalCents: 18500 }] },
  { path: '837_004010X098A1/patient-is-dependent.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 10000 }] },
  { path: '837_004010X098A1/patient-is-subscriber.837', claimType: 'professional', claims: [{ lines: 4, totalCents: 10000 }] },
];

export const REMITTANCES_835 = [
  '835_005010X221A1/cob-contractural-adjustment.835',
  '835_005010X221A1/managed-care.835',
  '835_005010X221A1/medicare-part-a.835',
  '835_005010X221A1/secondary-payment.835',
  '835_005010X221A1/tertiary-payment.835',
];
