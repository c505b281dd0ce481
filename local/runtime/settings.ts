// Reads the client-facing configuration files (letterhead, letter terms) from config/ or a folder the user names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLetterheadConfig } from '#shared/letters/letterhead-config.ts';
import { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import { CONFIG_DIR } from './project-paths.ts';

/** config/letters.json (who signs, terms) plus config/letterhead.json (organization, logo). */
export function loadLetterSettings(configDir = CONFIG_DIR): LetterSettings {
  const path = join(configDir, 'letters.json');
  if (!existsSync(path)) throw new Error(`letter settings not found: ${path}`);
  const letterhead = readLetterheadConfig(join(configDir, 'letterhead.json'));
  const parsed = LetterSettings.safeParse({ ...JSON.parse(readFileSync(path, 'utf8')), letterhead });
  if (!parsed.success) {
    throw new Error(`${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
