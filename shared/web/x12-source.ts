// The X12 segments a claim was read from, numbered as the reader numbers them (1 = ST of the transaction set), so
// the console can show the source of a line the way page images show a PDF's.

export interface SourceSegment {
  position: number;
  text: string;
}

/** The segments of the transaction set holding the claim, cut to a window around the claim's own segments. */
export function claimSegments(bytes: Uint8Array, claimNumber: string | null, wanted: number[]): SourceSegment[] {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 20 * 1024 * 1024));
  const start = text.indexOf('ISA');
  if (start < 0 || text.length < start + 106) return [];
  const element = text[start + 3]!;
  const terminator = text[start + 105]!;
  const segments = text
    .slice(start)
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter((s) => s.length > 0);
  const sets: string[][] = [];
  let current: string[] | null = null;
  for (const segment of segments) {
    const id = segment.split(element, 1)[0];
    if (id === 'ST') current = [];
    if (current) current.push(segment);
    if (id === 'SE' && current) {
      sets.push(current);
      current = null;
    }
  }
  const claimTag = claimNumber ? `CLM${element}${claimNumber}${element}` : null;
  const set = (claimTag && sets.find((s) => s.some((segment) => segment.startsWith(claimTag)))) || sets[0];
  if (!set) return [];
  const numbered = set.map((segmentText, i) => ({ position: i + 1, text: segmentText }));
  const claimAt = claimTag ? numbered.find((s) => s.text.startsWith(claimTag))?.position : undefined;
  const anchors = [...wanted, ...(claimAt ? [claimAt] : [])];
  if (anchors.length === 0) return numbered.slice(0, 200);
  const from = Math.max(1, Math.min(...anchors) - 12);
  const to = Math.min(numbered.length, Math.max(...anchors) + 3);
  return numbered.slice(from - 1, to);
}
