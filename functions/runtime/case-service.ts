// The negotiation desk's service on Lambda: the case table, the letters bucket, config/ (letters, cases.json) and
// SES for emailed offers, as the local runtime builds it with its outbox (local/runtime/case-service.ts).
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { CaseRepository } from '#shared/cases/case-repository.ts';
import { CaseService } from '#shared/cases/case-service.ts';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { SesOfferMailer } from '#shared/cases/offer-mailer.ses.ts';
import { readLetterSettings } from '#shared/config/settings-files.ts';
import type { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { ENV, optionalEnv, requiredEnv } from './environment.ts';

/** Who signs emailed offers: the negotiator of config/letters.json, else the letterhead's address. */
export function offerSender(letters: LetterSettings): string {
  const address = letters.negotiator.email ?? letters.letterhead.email ?? null;
  if (!address) throw new Error('config/letters.json names no negotiator or letterhead email to send offers from');
  return `${letters.negotiator.name} <${address}>`;
}

export function createCaseService(deps: { cases: CaseRepository; objects: ObjectStore; env?: NodeJS.ProcessEnv; now?: () => Date }): CaseService {
  const env = deps.env ?? process.env;
  const configDir = requiredEnv(ENV.configDir, env);
  const letters = readLetterSettings(configDir);
  const settings = readCaseSettings(join(configDir, 'cases.json'));
  const limit = optionalEnv(ENV.supervisorApprovalCents, env);
  const now = deps.now ?? (() => new Date());
  return new CaseService({
    cases: deps.cases,
    objects: deps.objects,
    buckets: { letters: requiredEnv(ENV.lettersBucket, env) },
    letters,
    // The deployment's context may set its own limit; otherwise config/cases.json's, as locally.
    settings: limit === undefined ? settings : { ...settings, supervisorApprovalAboveCents: Number(limit) },
    mailer: new SesOfferMailer(new SESv2Client({}), { from: offerSender(letters), now }),
    now,
  });
}
