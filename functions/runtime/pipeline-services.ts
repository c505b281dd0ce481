// The Lambda composition root: PipelineServices from the environment, built once per container and reused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { readLetterheadConfig } from '#shared/letters/letterhead-config.ts';
import { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { loadOfferRules, type OfferRules } from '#shared/pricing/offer-rules.ts';
import { loadPricingTables, type PricingTables } from '#shared/pricing/tables.ts';
import { S3ObjectStore } from '#shared/storage/object-store.s3.ts';
import { ENV, optionalEnv, requiredEnv } from './environment.ts';
import type { Logger } from '#shared/observability/logger.ts';

export interface ServiceOptions {
  logger: Logger;
  /** Only the Extract function reads documents: the others leave this out and carry no PDF or Textract code. */
  readDocument?: PipelineServices['readDocument'];
  env?: NodeJS.ProcessEnv;
}

export class InvalidLetterSettings extends Error {
  override readonly name = 'InvalidLetterSettings';
}

/**
 * Builds the services. Pricing tables and letter settings load on first use, so a function whose step never
 * prices or drafts needs neither the data files nor the config next to its bundle.
 */
export function createPipelineServices(options: ServiceOptions): PipelineServices {
  const env = options.env ?? process.env;
  const s3 = createS3Client({});
  const db = createDynamoDocumentClient({});
  let pricing: { tables: PricingTables; rules: OfferRules } | undefined;
  let letters: LetterSettings | undefined;
  return {
    objects: new S3ObjectStore(s3),
    cases: new DynamoCaseRepository(db, requiredEnv(ENV.tableName, env), () => new Date()),
    buckets: { documents: requiredEnv(ENV.documentsBucket, env), letters: requiredEnv(ENV.lettersBucket, env) },
    readDocument: options.readDocument ?? noDocumentReader,
    get pricing() {
      return (pricing ??= {
        tables: loadPricingTables({ dataDir: optionalEnv(ENV.dataDir, env) }),
        rules: loadOfferRules(optionalEnv(ENV.offerRules, env)),
      });
    },
    get letters() {
      return (letters ??= readLetterSettings(requiredEnv(ENV.configDir, env)));
    },
    logger: options.logger,
    now: () => new Date(),
    claimConcurrency: 8,
  };
}

/** config/letters.json (signer, terms) with config/letterhead.json (organization, logo), as the local runtime reads them. */
function readLetterSettings(configDir: string): LetterSettings {
  const path = join(configDir, 'letters.json');
  const letterhead = readLetterheadConfig(join(configDir, 'letterhead.json'));
  const parsed = LetterSettings.safeParse({ ...JSON.parse(readFileSync(path, 'utf8')), letterhead });
  if (!parsed.success) {
    throw new InvalidLetterSettings(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

async function noDocumentReader(): Promise<never> {
  throw new UnreadableDocument('this function does not read documents (only the Extract function does)', 'whole file', 'NEEDS_REVIEW');
}
