// Finds columns by their header names (never by position), also when a header spans several rows.

export class MissingColumn extends Error {
  override readonly name = 'MissingColumn';
  constructor(
    readonly file: string,
    readonly wanted: string,
    readonly seen: readonly string[],
  ) {
    super(`${file}: no column named like "${wanted}" (headers: ${seen.filter(Boolean).join(' | ')})`);
  }
}

/** Upper-case letters and digits only, so "NON-FAC PE RVU" and "Non Fac PE  RVU" compare equal. */
export function normalizeHeader(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Joins a stacked header block (rows above the data) column by column into one name per column. */
export function stackHeaders(headerRows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...headerRows.map((r) => r.length));
  const names: string[] = [];
  for (let c = 0; c < width; c++) {
    names.push(
      headerRows
        .map((r) => (r[c] ?? '').trim())
        .filter((s) => s !== '')
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return names;
}

export class ColumnMap {
  private readonly normalized: string[];
  constructor(
    readonly file: string,
    readonly names: readonly string[],
  ) {
    this.normalized = names.map(normalizeHeader);
  }

  /** The index of the column whose normalized name equals one of the candidates (first candidate wins). */
  index(...candidates: string[]): number {
    for (const candidate of candidates) {
      const at = this.normalized.indexOf(normalizeHeader(candidate));
      if (at >= 0) return at;
    }
    throw new MissingColumn(this.file, candidates.join(' / '), this.names);
  }

  /** Like index() but matching a pattern against the original names; for headers that carry a year or a value. */
  match(pattern: RegExp): number {
    const at = this.names.findIndex((n) => pattern.test(n));
    if (at < 0) throw new MissingColumn(this.file, String(pattern), this.names);
    return at;
  }

  has(candidate: string): boolean {
    return this.normalized.includes(normalizeHeader(candidate));
  }
}
