// Field-path keys of Bill.provenance ("lines.3.chargeCents") as small integer ids, made once per path and reused:
// building and hashing these strings afresh for every line of every claim was the reader's largest cost.

const ids = new Map<string, number>();
const names: string[] = [];

export function keyId(path: string): number {
  let id = ids.get(path);
  if (id === undefined) {
    id = names.length;
    names.push(path);
    ids.set(path, id);
  }
  return id;
}

export function keyName(id: number): string {
  return names[id]!;
}

const CLAIM_FIELDS = [
  'claimNumber',
  'patient.accountNumber',
  'patient.memberId',
  'patient.lastName',
  'patient.firstName',
  'payer.name',
  'payer.id',
  'totalChargeCents',
  'amountPaidCents',
  'placeOfService',
  'typeOfBill',
  'frequencyCode',
  'statementFrom',
  'statementTo',
  'admissionDate',
  'drg',
  'existingRepricing',
] as const;

export const CLAIM_KEYS = Object.fromEntries(CLAIM_FIELDS.map((path) => [path, keyId(path)])) as Record<
  (typeof CLAIM_FIELDS)[number],
  number
>;

const LINE_FIELDS = [
  'lineNumber',
  'serviceDate',
  'serviceDateTo',
  'revenueCode',
  'code',
  'modifiers',
  'chargeCents',
  'nonCoveredCents',
  'unitBasis',
  'units',
  'placeOfService',
  'diagnosisPointers',
  'ndc',
  'renderingNpi',
  'existingRepricing',
] as const;

export type LineKeys = Record<(typeof LINE_FIELDS)[number], number>;

const PROVIDER_FIELDS = ['name', 'npi', 'tin', 'taxonomy', 'line1', 'line2', 'city', 'state', 'zip', 'zipPlus4'] as const;

export type ProviderKeys = Record<(typeof PROVIDER_FIELDS)[number], number>;

const lineCache: LineKeys[] = [];
const providerCache: ProviderKeys[] = [];
const diagnosisCache: number[] = [];

export function lineKeys(index: number): LineKeys {
  let keys = lineCache[index];
  if (!keys) {
    keys = {} as LineKeys;
    for (const field of LINE_FIELDS) keys[field] = keyId(`lines.${index}.${field}`);
    lineCache[index] = keys;
  }
  return keys;
}

/** Address parts live under "address." ("providers.0.address.zip"); the rest directly ("providers.0.npi"). */
export function providerKeys(index: number): ProviderKeys {
  let keys = providerCache[index];
  if (!keys) {
    keys = {} as ProviderKeys;
    for (const field of PROVIDER_FIELDS) {
      const nested = field !== 'name' && field !== 'npi' && field !== 'tin' && field !== 'taxonomy';
      keys[field] = keyId(`providers.${index}.${nested ? 'address.' : ''}${field}`);
    }
    providerCache[index] = keys;
  }
  return keys;
}

export function diagnosisKey(index: number): number {
  let key = diagnosisCache[index];
  if (key === undefined) {
    key = keyId(`diagnoses.${index}`);
    diagnosisCache[index] = key;
  }
  return key;
}
