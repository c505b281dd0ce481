// Field-path keys of Bill.provenance ("lines.3.chargeCents"), made once per index and reused: building and hashing
// these strings afresh for every line of every claim was the reader's largest cost.

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

export type LineKeys = Record<(typeof LINE_FIELDS)[number], string>;

const PROVIDER_FIELDS = ['name', 'npi', 'tin', 'taxonomy', 'line1', 'line2', 'city', 'state', 'zip', 'zipPlus4'] as const;

export type ProviderKeys = Record<(typeof PROVIDER_FIELDS)[number], string>;

const lineCache: LineKeys[] = [];
const providerCache: ProviderKeys[] = [];
const diagnosisCache: string[] = [];

export function lineKeys(index: number): LineKeys {
  let keys = lineCache[index];
  if (!keys) {
    keys = {} as LineKeys;
    for (const field of LINE_FIELDS) keys[field] = `lines.${index}.${field}`;
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
      keys[field] = `providers.${index}.${nested ? 'address.' : ''}${field}`;
    }
    providerCache[index] = keys;
  }
  return keys;
}

export function diagnosisKey(index: number): string {
  let key = diagnosisCache[index];
  if (key === undefined) {
    key = `diagnoses.${index}`;
    diagnosisCache[index] = key;
  }
  return key;
}
