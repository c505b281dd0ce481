// Reads the client-facing settings files from a config folder: the local runtime and the Lambdas share these loaders.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { readLetterheadConfig } from '../letters/letterhead-config.ts';
import { EdiSettings } from '../pipeline/edi-settings.ts';
import { LetterSettings } from '../pipeline/letter-settings.ts';

export class InvalidSettings extends Error {
  override readonly name = 'InvalidSettings';
}

function readJson(path: string): unknown {
  if (!existsSync(path)) throw new InvalidSettings(`settings file not found: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidSettings(`${path} is not JSON: ${(error as Error).message}`);
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidSettings(`${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** letters.json (who signs, terms) with letterhead.json (organization, logo). */
export function readLetterSettings(configDir: string): LetterSettings {
  const path = join(configDir, 'letters.json');
  const letterhead = readLetterheadConfig(join(configDir, 'letterhead.json'));
  return parse(LetterSettings, { ...(readJson(path) as object), letterhead }, path);
}

/** edi.json: who Parley is in the 999s and repriced 837s it writes. */
export function readEdiSettings(configDir: string): EdiSettings {
  const path = join(configDir, 'edi.json');
  return parse(EdiSettings, readJson(path), path);
}
