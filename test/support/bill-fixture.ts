// Test support: a small valid professional bill, to vary per test.
import type { Bill } from '#shared/model/bill.ts';
import type { CaseRecord } from '#shared/model/case.ts';

export function professionalBill(overrides: Partial<Bill> = {}): Bill {
  return {
    sourceFormat: 'x12-837p',
    claimType: 'professional',
    claimIndex: 0,
    claimNumber: 'PCN-1',
    providers: [
      {
        role: 'billing',
        name: 'CHELSEA ORTHOPEDIC ASSOCIATES PC',
        npi: '1245319599',
        tin: '134567890',
        address: { line1: '214 WEST 29TH STREET', line2: null, city: 'NEW YORK', state: 'NY', zip: '10001', zipPlus4: '0001' },
        taxonomy: null,
      },
    ],
    payer: { name: 'EXAMPLE EMPLOYER HEALTH PLAN', id: 'EEHP01' },
    patient: { memberId: 'XQH889102341', lastName: 'RIVERA', firstName: 'MARISOL', accountNumber: 'CHO-2025-00417' },
    statementFrom: null,
    statementTo: null,
    admissionDate: null,
    placeOfService: '11',
    typeOfBill: null,
    frequencyCode: '1',
    diagnoses: ['M1711'],
    drg: null,
    totalChargeCents: 45000,
    amountPaidCents: null,
    existingRepricing: null,
    lines: [
      {
        lineNumber: 1,
        serviceDate: '2025-03-12',
        serviceDateTo: null,
        revenueCode: null,
        code: '99213',
        modifiers: [],
        chargeCents: 45000,
        nonCoveredCents: null,
        unitBasis: 'UN',
        units: 1,
        placeOfService: '11',
        diagnosisPointers: [1],
        ndc: null,
        renderingNpi: null,
        existingRepricing: null,
      },
    ],
    provenance: {},
    reviewReasons: [],
    ...overrides,
  };
}

export function caseFixture(id: string, overrides: Partial<CaseRecord> = {}): CaseRecord {
  const now = '2025-04-02T10:00:00.000Z';
  return {
    id,
    documentId: id.split('-')[0]!,
    claimIndex: 0,
    source: { bucket: 'parley-documents', key: `intake/upload/test/${id}/bill.837`, versionId: null, etag: 'e' },
    fileName: 'bill.837',
    status: 'EXTRACTED',
    reasons: [],
    version: 1,
    bill: professionalBill(),
    pricing: null,
    letter: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
