// Shares one string instance among the many equal codes of a file ("UN", "11", "99213", "0450", "I10"...): the
// copies split() makes would otherwise all be kept by the Bills, and copying them between heap generations was a
// large share of the reader's garbage-collection time.

const table = new Map<string, string>();
const LIMIT = 50_000;
/** Codes are short; longer values (names, addresses, claim numbers) are rarely repeated and are not worth a lookup. */
const MAX_LENGTH = 12;

export function intern(value: string): string {
  if (value.length > MAX_LENGTH) return value;
  const known = table.get(value);
  if (known !== undefined) return known;
  if (table.size < LIMIT) table.set(value, value);
  return value;
}
