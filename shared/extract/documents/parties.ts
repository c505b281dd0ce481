// Splits the free text of names and addresses printed on forms into the model's parts.
import type { Address } from '../../model/bill.ts';

export function parsePersonName(text: string): { lastName: string | null; firstName: string | null } {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return { lastName: null, firstName: null };
  const comma = t.split(',');
  if (comma.length >= 2) {
    const first = comma[1]!.trim().split(' ')[0] ?? '';
    return { lastName: comma[0]!.trim() || null, firstName: first || null };
  }
  const parts = t.split(' ');
  if (parts.length === 1) return { lastName: parts[0]!, firstName: null };
  return { lastName: parts[parts.length - 1]!, firstName: parts[0]! };
}

/** "PORT JEFFREYBURY, ME 39803" / "MIAMI FL 33111-0000" -> city, state, ZIP (+4). */
export function parseCityStateZip(text: string): Pick<Address, 'city' | 'state' | 'zip' | 'zipPlus4'> {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.*?)[,\s]+([A-Z]{2})[,\s]+(\d{5})(?:[-\s]?(\d{4}))?$/.exec(t);
  if (m) return { city: m[1]!.replace(/,$/, '').trim() || null, state: m[2]!, zip: m[3]!, zipPlus4: m[4] ?? null };
  const zip = /(\d{5})(?:-(\d{4}))?$/.exec(t);
  return { city: t.replace(/\d{5}(-\d{4})?$/, '').trim() || null, state: null, zip: zip?.[1] ?? null, zipPlus4: zip?.[2] ?? null };
}

export function address(street: string | null, cityLine: string | null): Address | null {
  if (!street && !cityLine) return null;
  return { line1: street || null, line2: null, ...parseCityStateZip(cityLine ?? '') };
}
