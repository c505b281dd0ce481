// Normalizes procedure codes and modifiers as bills write them ("99213", " 71046 ", "26", "tc").

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function normalizeModifiers(mods: readonly (string | null | undefined)[]): string[] {
  return mods.map((m) => (m ?? '').trim().toUpperCase()).filter((m) => m !== '');
}

/** CPT/HCPCS shape: five characters, digits or a letter plus four digits (or four digits plus a letter). */
export function looksLikeHcpcs(code: string): boolean {
  return /^(?:\d{4}[0-9A-Z]|[A-Z]\d{4})$/.test(code);
}
