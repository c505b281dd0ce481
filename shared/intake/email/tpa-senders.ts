// Who may email bills: a per-TPA allow-list of sender domains and addresses (config/tpa-senders.json, zod-validated).
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const domain = z
  .string()
  .transform((d) => d.trim().toLowerCase())
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a domain name'));
const address = z
  .string()
  .transform((a) => a.trim().toLowerCase())
  .pipe(z.string().regex(/^[^\s@<>"]+@([a-z0-9-]+\.)+[a-z]{2,63}$/, 'not an email address'));

export const TpaSender = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a TPA id is lower-case letters, digits and dashes'),
  name: z.string().min(1),
  /** Mail From any address at exactly these domains (subdomains must be listed on their own). */
  domains: z.array(domain).default([]),
  /** Single addresses, e.g. a TPA that mails from a shared provider's domain. */
  addresses: z.array(address).default([]),
});
export type TpaSender = z.infer<typeof TpaSender>;

export const TpaSendersConfig = z
  .object({
    version: z.literal(1),
    /** Where TPAs send claim packets (the SES receipt rule's recipient). */
    intakeAddress: address,
    /** The From of acknowledgments ("Name <address>" or an address); on AWS a verified SES identity. */
    acknowledgmentFrom: z.string().min(3),
    localMail: z
      .object({
        /**
         * The local SMTP listener cannot check SPF, DKIM, DMARC, spam or viruses, so its verdicts are "unknown" and
         * such mail is held for review. Set true (the demo default) to accept local mail from allow-listed senders
         * anyway. Ignored on AWS, where SES's verdicts decide.
         */
        acceptUnverifiedFromAllowListedSenders: z.boolean().default(false),
      })
      .default({ acceptUnverifiedFromAllowListedSenders: false }),
    tpas: z.array(TpaSender),
  })
  .superRefine((config, ctx) => {
    const owners = new Map<string, string>();
    for (const tpa of config.tpas) {
      for (const entry of [...tpa.domains, ...tpa.addresses]) {
        const other = owners.get(entry);
        if (other && other !== tpa.id) ctx.addIssue({ code: 'custom', message: `${entry} is listed for both ${other} and ${tpa.id}`, path: ['tpas'] });
        owners.set(entry, tpa.id);
      }
    }
  });
export type TpaSendersConfig = z.infer<typeof TpaSendersConfig>;

export class InvalidSendersConfig extends Error {
  override readonly name = 'InvalidSendersConfig';
}

export function parseTpaSenders(json: unknown, where = 'tpa-senders.json'): TpaSendersConfig {
  const parsed = TpaSendersConfig.safeParse(json);
  if (!parsed.success) {
    throw new InvalidSendersConfig(`${where} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function loadTpaSenders(path: string): TpaSendersConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidSendersConfig(`${path} could not be read as JSON: ${(error as Error).message}`);
  }
  return parseTpaSenders(json, path);
}

/** The TPA a From address belongs to: an exact address match first, then the exact domain; null when none. */
export function senderTpa(config: TpaSendersConfig, fromAddress: string): TpaSender | null {
  const normalized = fromAddress.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at < 1) return null;
  const fromDomain = normalized.slice(at + 1);
  return config.tpas.find((t) => t.addresses.includes(normalized)) ?? config.tpas.find((t) => t.domains.includes(fromDomain)) ?? null;
}
