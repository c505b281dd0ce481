// Shared helpers for the document-reader tests: fixture paths and the ground truth the generator wrote.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
export const fixtureBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(fixture(path)));
export const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export interface FormTruth {
  source: string;
  sourceFormat: 'cms1500' | 'ub04' | 'itemized-statement';
  accountNumber: string;
  totalChargeCents: number;
  billingNpi: string | null;
  tin: string | null;
  billingZip: string | null;
  diagnoses: string[];
  typeOfBill?: string | null;
  lines: {
    serviceDate: string;
    serviceDateTo: string | null;
    code: string | null;
    revenueCode: string | null;
    modifiers: string[];
    units: number;
    chargeCents: number;
    placeOfService: string | null;
    renderingNpi: string | null;
  }[];
}

export const truth = (path: string): FormTruth => JSON.parse(readFileSync(fixture(path), 'utf8')) as FormTruth;
