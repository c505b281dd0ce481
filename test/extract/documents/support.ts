// Shared helpers for the document-reader tests: fixture paths and the ground truth the generator wrote.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FormTruth } from '../../../scripts/make-form-fixtures.ts';

export type { FormTruth };

export const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
export const fixtureBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(fixture(path)));
export const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export const truth = (path: string): FormTruth => JSON.parse(readFileSync(fixture(path), 'utf8')) as FormTruth;
