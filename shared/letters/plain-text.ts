// Makes untrusted text (anything that came from a bill) safe to print with the standard PDF fonts.
// A PDF text run cannot inject anything, but control characters, bidi overrides and characters outside WinAnsi
// would print as garbage or reorder a line, and a 5,000-character "name" would wreck the layout.

/** The characters WinAnsiEncoding maps in 0x80-0x9F beyond Latin-1; the standard fonts can draw only these plus Latin-1. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(ch);
}

// C0/C1 controls, DEL, line/paragraph separators: they separate words.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;
// Soft hyphen, zero-width characters and joiners, bidi controls, word joiner, variation selectors, BOM: they join or
// reorder what is around them and print nothing, so they go ("ME\u200dDICAL" is MEDICAL, not "ME DICAL").
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/gu;

/**
 * Returns `text` as one line of printable WinAnsi text: controls become spaces, invisible characters and stray
 * combining marks go, runs of white space collapse, accented letters outside WinAnsi lose their accent
 * ("ő" -> "o"), anything else unprintable becomes "?",
 * and the result is cut to `maxLength` characters with an ellipsis.
 */
export function printable(text: string | null | undefined, maxLength = 200): string {
  if (text == null) return '';
  const out: string[] = [];
  for (const ch of String(text).replace(INVISIBLE, '').normalize('NFC').replace(CONTROL, ' ')) {
    if (isWinAnsi(ch)) {
      out.push(ch);
      continue;
    }
    // A combining mark NFC could not attach to its letter (a pile of them, "zalgo") prints as nothing.
    if (/^\p{M}$/u.test(ch)) continue;
    const stripped = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out.push(stripped !== '' && [...stripped].every(isWinAnsi) ? stripped : '?');
  }
  const collapsed = out.join('').replace(/\s+/g, ' ').trim();
  if (collapsed.length <= maxLength) return collapsed;
  return `${collapsed.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}
