// The text a bill carries into letters, pages and exports, made inert where a bill becomes a case: no control
// characters, no bidi overrides or isolates, no zero-width characters. A name with U+202E reads one way and shows
// another; a NUL or a line break in a name breaks the line it is printed on. Markup stays as it is: every page
// escapes it, the letter prints it literally and the CSV export neutralizes formulas.
import type { Bill } from '../model/bill.ts';

// Zero-width, bidi marks/embeddings/overrides/isolates, invisible operators, word joiner, BOM, soft hyphen.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// C0 and C1 controls, DEL, line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NEEDS_WORK = new RegExp(`${INVISIBLE.source}|${CONTROL.source}`);

export function inertText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Every string of the bill made inert, except where it was read (provenance) and the review reasons. */
export function withInertText(bill: Bill): Bill {
  const { provenance, reviewReasons, ...rest } = bill;
  return { ...(inert(rest) as typeof rest), provenance, reviewReasons };
}

function inert(value: unknown): unknown {
  if (typeof value === 'string') return inertText(value);
  if (Array.isArray(value)) return value.map(inert);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, inert(v)]));
  }
  return value;
}

/**
 * Identifiers that only look right: an NPI or TIN holding characters other than the ASCII digits (fullwidth or
 * Arabic-Indic digits, Cyrillic letters) reads as a real provider's number on a page and matches none.
 */
export function lookAlikeIdentifierReasons(bill: Bill): string[] {
  const reasons: string[] = [];
  for (const provider of bill.providers) {
    for (const [field, value] of [['NPI', provider.npi], ['TIN', provider.tin]] as const) {
      if (value !== null && /[^\x20-\x7e]/.test(value)) {
        reasons.push(`the ${provider.role} provider's ${field} "${value}" holds characters that only look like digits`);
      }
    }
  }
  bill.lines.forEach((line) => {
    if (line.renderingNpi !== null && /[^\x20-\x7e]/.test(line.renderingNpi)) {
      reasons.push(`line ${line.lineNumber}: the rendering NPI "${line.renderingNpi}" holds characters that only look like digits`);
    }
  });
  return reasons;
}
