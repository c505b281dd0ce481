// The settings files of this checkout's config/ folder (or one the user names).
import { readEdiSettings, readLetterSettings } from '#shared/config/settings-files.ts';
import type { EdiSettings } from '#shared/pipeline/edi-settings.ts';
import type { LetterSettings } from '#shared/pipeline/letter-settings.ts';
import { CONFIG_DIR } from './project-paths.ts';

export const loadLetterSettings = (configDir = CONFIG_DIR): LetterSettings => readLetterSettings(configDir);
export const loadEdiSettings = (configDir = CONFIG_DIR): EdiSettings => readEdiSettings(configDir);
