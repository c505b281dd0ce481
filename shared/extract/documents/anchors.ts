// Finds a form's printed labels among a page's words and fits the form's frame to where they are.
import { fitFrame, type FormFrame } from './form-frame.ts';
import type { Word } from './words.ts';

/** A printed label: a short run of words on one line, and where its first word starts in the template (points). */
export interface Anchor {
  words: string[];
  x: number;
  y: number;
}

const norm = (s: string): string => s.toUpperCase().replace(/[’‘`]/g, "'").replace(/[^A-Z0-9']/g, '');

/** Template/page point pairs for every anchor found exactly once on the page. */
export function findAnchors(words: readonly Word[], anchors: readonly Anchor[]): { x: number; y: number; u: number; v: number }[] {
  const tokens = words.map((w) => ({ w, t: norm(w.text) })).filter((x) => x.t !== '');
  const byText = new Map<string, Word[]>();
  for (const { w, t } of tokens) byText.set(t, [...(byText.get(t) ?? []), w]);
  const pairs: { x: number; y: number; u: number; v: number }[] = [];
  for (const anchor of anchors) {
    const want = anchor.words.map(norm).filter((t) => t !== '');
    const hits: Word[] = [];
    for (const first of byText.get(want[0]!) ?? []) {
      let prev = first;
      let ok = true;
      for (let k = 1; k < want.length && ok; k++) {
        const next = (byText.get(want[k]!) ?? []).find(
          (w) =>
            w.page === prev.page &&
            w.bbox.left > prev.bbox.left &&
            w.bbox.left - (prev.bbox.left + prev.bbox.width) < Math.max(0.03, prev.bbox.height * 2) &&
            Math.abs(w.bbox.top + w.bbox.height / 2 - (prev.bbox.top + prev.bbox.height / 2)) < Math.max(prev.bbox.height, w.bbox.height) * 0.8,
        );
        if (next) prev = next;
        else ok = false;
      }
      if (ok) hits.push(first);
    }
    if (hits.length === 1) pairs.push({ x: anchor.x, y: anchor.y, u: hits[0]!.bbox.left, v: hits[0]!.bbox.top });
  }
  return pairs;
}

/** The frame fitted to the labels found, or null when too few agree. */
export function frameFromAnchors(words: readonly Word[], anchors: readonly Anchor[], minimum = 4): FormFrame | null {
  const pairs = findAnchors(words, anchors);
  if (pairs.length < minimum) return null;
  const frame = fitFrame(pairs);
  if (!frame || frame.residual > 0.02 || frame.anchors < minimum) return null;
  // A real page is neither mirrored nor squashed: reject fits that say otherwise.
  const det = frame.a * frame.e - frame.b * frame.d;
  if (det <= 0) return null;
  return frame;
}
