// Known procedure codes and modifiers (CMS files, codes only) and the OCR-confusion repair that leans on them.
import codeSetData from './code-set.json' with { type: 'json' };

const codes = new Set(codeSetData.codes.split(' '));
const modifiers = new Set(codeSetData.modifiers.split(' '));

export const isKnownCode = (code: string): boolean => codes.has(code);
export const isKnownModifier = (modifier: string): boolean => modifiers.has(modifier);
/**
 * A modifier as it may follow this code: an ambulance service (A0021-A0999) also takes an origin/destination pair,
 * two of the HCPCS place letters (RH, residence to hospital), which the HCPCS file describes by letter, not by pair.
 */
export const isKnownModifierFor = (modifier: string, code: string): boolean =>
  isKnownModifier(modifier) || (/^A0\d{3}$/.test(code) && /^[DEGHIJNPRSX]{2}$/.test(modifier));

// Characters OCR mistakes for one another on printed forms.
const CONFUSABLE: Record<string, string> = {
  O: '0DQ', Q: 'O0', D: '0O', '0': 'ODQ', I: '1L', L: '1I', '1': 'IL7', '7': '1', S: '58', '5': 'S6', B: '86', '8': 'B36', Z: '2',
  '2': 'Z', G: '6C', '6': 'G58', C: 'G', T: '7', A: '4', '4': 'A', E: '8F', F: 'E', U: 'V', V: 'U', '3': '8', '9': '0',
  '/': '71', $: 'S5',
};

export interface CodeRepair {
  value: string;
  /** 'exact' read as is; 'corrected' one unambiguous substitution; 'unknown' no candidate or several. */
  status: 'exact' | 'corrected' | 'unknown';
  candidates: string[];
}

function repair(read: string, known: (s: string) => boolean): CodeRepair {
  if (known(read)) return { value: read, status: 'exact', candidates: [read] };
  const found = new Set<string>();
  for (let i = 0; i < read.length; i++) {
    for (const alt of CONFUSABLE[read[i]!] ?? '') {
      const candidate = read.slice(0, i) + alt + read.slice(i + 1);
      if (known(candidate)) found.add(candidate);
    }
  }
  // OCR also doubles a character ("JO0780") or drops one: try one deletion, and one insertion of a confusable twin.
  if (read.length > 5) for (let i = 0; i < read.length; i++) { const c = read.slice(0, i) + read.slice(i + 1); if (known(c)) found.add(c); }
  const candidates = [...found];
  if (candidates.length === 1) return { value: candidates[0]!, status: 'corrected', candidates };
  return { value: read, status: 'unknown', candidates };
}

/** A procedure code as read, or the one known code a single confusable character away. */
export const repairCode = (read: string): CodeRepair => repair(read, isKnownCode);
export const repairModifier = (read: string): CodeRepair => repair(read, isKnownModifier);

const CODE_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Known procedure codes one character away from a read: one changed, left out or added. */
export function knownCodesOneEditFrom(read: string): string[] {
  const found = new Set<string>();
  const consider = (candidate: string): void => {
    if (candidate !== read && isKnownCode(candidate)) found.add(candidate);
  };
  for (let i = 0; i <= read.length; i++) {
    if (i < read.length) consider(read.slice(0, i) + read.slice(i + 1));
    for (const c of CODE_CHARACTERS) {
      consider(read.slice(0, i) + c + read.slice(i));
      if (i < read.length) consider(read.slice(0, i) + c + read.slice(i + 1));
    }
  }
  return [...found];
}
