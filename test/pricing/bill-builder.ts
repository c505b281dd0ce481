// Builds small valid bills for pricing tests: only what a test says differs from a plain professional claim.
import { Bill, ServiceLine, type Provider } from '../../shared/model/bill.ts';

export function provider(role: Provider['role'], zip: string | null): Provider {
  return {
    role,
    name: `${role} provider`,
    npi: '1234567893',
    tin: '123456789',
    address: { line1: null, line2: null, city: null, state: null, zip, zipPlus4: null },
    taxonomy: null,
  };
}

export function line(partial: Partial<ServiceLine> & { code: string | null }): ServiceLine {
  return ServiceLine.parse({
    lineNumber: 1,
    serviceDate: '2025-03-10',
    serviceDateTo: null,
    revenueCode: null,
    modifiers: [],
    chargeCents: 20000,
    unitBasis: 'UN',
    units: 1,
    placeOfService: null,
    ...partial,
  });
}

export function bill(partial: Partial<Bill> & { lines: ServiceLine[] }): Bill {
  const lines = partial.lines.map((l, i) => ({ ...l, lineNumber: i + 1 }));
  return Bill.parse({
    sourceFormat: 'x12-837p',
    claimType: 'professional',
    claimIndex: 0,
    claimNumber: 'PCN-1',
    providers: [provider('billing', '10001')],
    payer: null,
    patient: { memberId: null, lastName: null, firstName: null, accountNumber: null },
    statementFrom: null,
    statementTo: null,
    placeOfService: '11',
    typeOfBill: null,
    frequencyCode: null,
    diagnoses: [],
    drg: null,
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    ...partial,
    lines,
  });
}
