// The case service on the local runtime: the runtime's table and letters bucket, config/cases.json, the outbox mailer.
import { join } from 'node:path';
import { CaseService } from '#shared/cases/case-service.ts';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { LETTERS_BUCKET } from '#shared/storage/definitions.ts';
import { OutboxOfferMailer } from './offer-outbox.ts';
import { CONFIG_DIR } from './project-paths.ts';
import type { LocalRuntime } from './runtime.ts';

export function localCaseService(runtime: Pick<LocalRuntime, 'cases' | 'objects' | 'services' | 'dataDir'>, options: { configDir?: string } = {}): CaseService {
  const letters = runtime.services.letters;
  const from = letters.negotiator.email ?? letters.letterhead.email ?? 'negotiations@parley.local';
  return new CaseService({
    cases: runtime.cases,
    objects: runtime.objects,
    buckets: { letters: LETTERS_BUCKET.name },
    letters,
    settings: readCaseSettings(join(options.configDir ?? CONFIG_DIR, 'cases.json')),
    mailer: new OutboxOfferMailer(join(runtime.dataDir, 'outbox'), `${letters.negotiator.name} <${from}>`, runtime.services.now),
    now: runtime.services.now,
  });
}
