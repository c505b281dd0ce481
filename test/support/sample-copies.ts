// Distinct copies of the bundled 837 samples (own claim and reference numbers), for load, duplicate and crash tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '#local/runtime/project-paths.ts';

const SAMPLES = ['samples/837p-professional-claims.837', 'samples/837i-outpatient-hospital.837'].map((p) =>
  readFileSync(join(PROJECT_ROOT, p), 'utf8'),
);

/** Claims per copy: the professional sample has 3, the institutional one 2. */
export const CLAIMS_PER_SAMPLE = [3, 2] as const;

export function sampleCopy(i: number): string {
  const sample = SAMPLES[i % SAMPLES.length]!;
  return sample
    .replace(/CLM\*([^*]+)\*/g, (_m, id: string) => `CLM*${id}-${i}*`)
    .replace(/BHT\*0019\*00\*([^*]+)\*/, (_m, ref: string) => `BHT*0019*00*${ref}${i}*`);
}

export function claimsInCopies(count: number): number {
  let claims = 0;
  for (let i = 0; i < count; i++) claims += CLAIMS_PER_SAMPLE[i % CLAIMS_PER_SAMPLE.length]!;
  return claims;
}
