// Where the project's own files are, wherever the command is run from.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');
export const CONFIG_DIR = join(PROJECT_ROOT, 'config');
