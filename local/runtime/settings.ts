// Reads the client-facing configuration files (letters, offer rules) from config/ or a folder the user names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import { CONFIG_DIR } from './project-paths.ts';

export function loadLetterSettings(configDir = CONFIG_DIR): LetterSettings {
  const path = join(configDir, 'letters.json');
  if (!existsSync(path)) throw new Error(`letter settings not found: ${path}`);
  const parsed = LetterSettings.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
