// Derives HCPCS Level II short descriptions (public domain) from CMS's fixed-width alpha-numeric file. CPT (AMA) and
// D-codes (ADA) are skipped: their descriptions may not be shipped.
import type { HcpcsFile, SourceFile } from '../../shared/pricing/table-format.ts';

export interface FixedField {
  start: number;
  end: number;
}

/** Reads field positions from the record layout ("HCPCS Code ... 5 1 5 CHAR", "Short Description ... 28 120 ..."). */
export function layoutPosition(layout: string, label: RegExp): FixedField {
  const lines = layout.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!label.test(lines[i]!)) continue;
    for (let j = i; j < Math.min(i + 3, lines.length); j++) {
      const m = /^\s*(?:\d+\.\s+.*?)?\s(\d+)\s+(\d+)\s+(\d+)\s+(CHAR|NUM|GRP)/i.exec(lines[j]!);
      if (m) return { start: Number(m[2]), end: Number(m[3]) };
    }
  }
  throw new Error(`record layout: no field ${label}`);
}

export function deriveHcpcs(data: string, layout: string, source: SourceFile, layoutSource: SourceFile, year: number): HcpcsFile {
  const code = layoutPosition(layout, /Healthcare Common Procedure Coding System Code\s*$/i);
  const shortDesc = layoutPosition(layout, /Short Description/i);
  const out: HcpcsFile = {
    meta: {
      table: 'hcpcs',
      year,
      release: `HCPCS ${year} alpha-numeric file`,
      released: null,
      sources: [source, layoutSource],
      notes: ['Level II codes only (no CPT, no CDT D-codes). Codes added after this year are missing.'],
    },
    short: {},
  };
  for (const line of data.split(/\r?\n/)) {
    const c = line.slice(code.start - 1, code.end).trim();
    if (!/^[A-CE-V]\d{4}$/.test(c)) continue;
    // Continuation records (sequence > 00100) repeat the code; the first record holds the short description.
    if (out.short[c] !== undefined) continue;
    const d = line.slice(shortDesc.start - 1, shortDesc.end).trim();
    if (d) out.short[c] = d;
  }
  return out;
}
