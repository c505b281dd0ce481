// Reads a letterhead from configuration (JSON): the organization's name, address, contact lines and a PNG logo
// given as a path relative to the configuration file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { Letterhead } from './offer-letter-input.ts';

export const LetterheadConfig = Letterhead.omit({ logoPng: true }).extend({
  /** PNG file, relative to the configuration file that names it. */
  logoPath: z.string().min(1).nullable().default(null),
});
export type LetterheadConfig = z.input<typeof LetterheadConfig>;

/** The configuration does not describe a letterhead, or its logo cannot be read as a PNG. */
export class InvalidLetterheadConfig extends Error {
  override readonly name = 'InvalidLetterheadConfig';
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** Turns a parsed configuration object into a Letterhead, loading the logo relative to `baseDir`. */
export function letterheadFromConfig(config: unknown, baseDir: string, where = 'letterhead configuration'): Letterhead {
  const parsed = LetterheadConfig.safeParse(config);
  if (!parsed.success) {
    throw new InvalidLetterheadConfig(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), where);
  }
  const { logoPath, ...rest } = parsed.data;
  let logoPng: Uint8Array | null = null;
  if (logoPath) {
    const file = path.resolve(baseDir, logoPath);
    try {
      logoPng = new Uint8Array(readFileSync(file));
    } catch {
      throw new InvalidLetterheadConfig(`the logo ${logoPath} cannot be read`, where);
    }
  }
  const letterhead = Letterhead.safeParse({ ...rest, logoPng });
  if (!letterhead.success) throw new InvalidLetterheadConfig(letterhead.error.issues.map((i) => i.message).join('; '), where);
  return letterhead.data;
}

/** Reads a letterhead configuration file such as config/letterhead.json. */
export function readLetterheadConfig(file: string): Letterhead {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidLetterheadConfig(e instanceof SyntaxError ? `not JSON (${e.message})` : 'cannot be read', file);
  }
  return letterheadFromConfig(json, path.dirname(file), file);
}
