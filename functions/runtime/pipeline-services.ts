// The Lambda composition root: PipelineServices from the environment, built once per container and reused.
import { createDynamoDocumentClient, createS3Client } from '#shared/aws/clients.ts';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { UnreadableDocument } from '#shared/extract/extraction-result.ts';
import { readEdiSettings, readLetterSettings } from '#shared/config/settings-files.ts';
import type { EdiSettings } from '#shared/pipeline/edi-settings.ts';
import type { LetterSettings } from '#shared/pipeline/letter-settings.ts';
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
  let edi: EdiSettings | undefined;
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
    get edi() {
      return (edi ??= readEdiSettings(requiredEnv(ENV.configDir, env)));
    },
    logger: options.logger,
    now: () => new Date(),
    claimConcurrency: 8,
  };
}

async function noDocumentReader(): Promise<never> {
  throw new UnreadableDocument('this function does not read documents (only the Extract function does)', 'whole file', 'NEEDS_REVIEW');
}
