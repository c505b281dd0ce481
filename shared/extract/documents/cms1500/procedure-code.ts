// A procedure code read by OCR that does not have a code's shape, put back into it: CPT codes are five digits (or
// four and F, T or U), HCPCS Level II codes a letter and four digits. A letter where a digit must be is a digit OCR
// misread (O for 0, S for 5, G for 6...), however many there are; a single confusable character is code-set.ts's job.
import { isKnownCode } from '../code-set.ts';

/** Letters (and the slash) OCR reads for digits in print. */
const AS_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', J: '1', Z: '2', A: '4', S: '5', G: '6', T: '7', '/': '7', B: '8' };
/** Digits OCR reads for the letter that starts a HCPCS code. */
const AS_LETTER: Record<string, string> = { '0': 'Q', '5': 'S', '6': 'G', '8': 'B', '1': 'J', '2': 'Z', '4': 'A' };

/** Whether a code has a CPT or HCPCS Level II shape. */
export const hasCodeShape = (code: string): boolean => /^([A-Z]\d{4}|\d{4}[0-9FTU])$/.test(code);

/**
 * The one known code a read without a code's shape becomes when its letters in digit places are read as digits (and
 * its first character, a digit, possibly as the letter it resembles); null when none or several.
 */
export function codeByShape(read: string): string | null {
  if (read.length !== 5 || hasCodeShape(read)) return null;
  const middle = [...read.slice(1, 4)].map((c) => AS_DIGIT[c] ?? c).join('');
  if (!/^\d{3}$/.test(middle)) return null;
  const firsts = new Set([read[0]!, AS_LETTER[read[0]!] ?? read[0]!, AS_DIGIT[read[0]!] ?? read[0]!]);
  const lasts = new Set([read[4]!, AS_DIGIT[read[4]!] ?? read[4]!]);
  const found = new Set<string>();
  for (const f of firsts) for (const l of lasts) {
    const candidate = f + middle + l;
    if (hasCodeShape(candidate) && isKnownCode(candidate)) found.add(candidate);
  }
  return found.size === 1 ? [...found][0]! : null;
}
