// The spread of an offer's total over its lines: one implementation, plain JavaScript so that the console's browser
// script previews exactly the cents the server (shared/cases/offer-edit.ts) will store.

/**
 * Splits `total` cents over lines in proportion to their weights (their benchmarks), each at most its cap (what it
 * billed): lines whose share would pass their cap get the cap and the rest is split again among the others; fractions
 * of a cent go to the largest remainders (ties to the lower line number), so the parts add up to `total` exactly.
 * All weights 0: in proportion to the caps.
 * @param {number} total
 * @param {readonly { lineNumber: number; weight: number; cap: number }[]} lines
 * @returns {Map<number, number>}
 */
export function spreadTotal(total, lines) {
  const result = new Map(lines.map((l) => [l.lineNumber, 0]));
  const capacity = lines.reduce((sum, l) => sum + l.cap, 0);
  if (total > capacity) throw new RangeError(`cannot spread ${total} cents over lines that can take ${capacity}`);
  let remaining = total;
  let open = lines.filter((l) => l.cap > 0);
  while (remaining > 0 && open.length > 0) {
    const useCaps = open.every((l) => l.weight <= 0);
    const weightOf = (l) => BigInt(useCaps ? l.cap : Math.max(0, l.weight));
    const totalWeight = open.reduce((sum, l) => sum + weightOf(l), 0n);
    const big = BigInt(remaining);
    const capped = open.filter((l) => big * weightOf(l) >= BigInt(l.cap) * totalWeight);
    if (capped.length > 0) {
      for (const l of capped) {
        result.set(l.lineNumber, l.cap);
        remaining -= l.cap;
      }
      open = open.filter((l) => !capped.includes(l));
      continue;
    }
    const shares = open.map((l) => {
      const exact = big * weightOf(l);
      return { line: l, floor: Number(exact / totalWeight), remainder: exact % totalWeight };
    });
    let left = remaining - shares.reduce((sum, x) => sum + x.floor, 0);
    shares
      .slice()
      .sort((a, b) => (a.remainder === b.remainder ? a.line.lineNumber - b.line.lineNumber : a.remainder > b.remainder ? -1 : 1))
      .forEach((x) => {
        const extra = left > 0 && x.remainder > 0n ? 1 : 0;
        left -= extra;
        result.set(x.line.lineNumber, x.floor + extra);
      });
    remaining = 0;
  }
  return result;
}
