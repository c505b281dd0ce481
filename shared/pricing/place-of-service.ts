// Facility vs non-facility practice expense by CMS place-of-service code (Medicare Claims Processing Manual,
// chapter 12, section 20.4.2: the facility rate applies in these settings, the non-facility rate everywhere else).

/** POS codes paid at the MPFS facility rate. 02 (telehealth other than home) is facility; 10 (telehealth in home) is not. */
export const FACILITY_POS: ReadonlySet<string> = new Set([
  '02', // telehealth provided other than in patient's home
  '19', // off-campus outpatient hospital
  '21', // inpatient hospital
  '22', // on-campus outpatient hospital
  '23', // emergency room - hospital
  '24', // ambulatory surgical center
  '26', // military treatment facility
  '31', // skilled nursing facility
  '34', // hospice
  '41', // ambulance - land
  '42', // ambulance - air or water
  '51', // inpatient psychiatric facility
  '52', // psychiatric facility - partial hospitalization
  '53', // community mental health center
  '56', // psychiatric residential treatment center
  '61', // comprehensive inpatient rehabilitation facility
]);

/** Normalizes "11", "3" and " 21 " to two digits; null when it is not a POS code. */
export function normalizePos(pos: string | null | undefined): string | null {
  if (pos === null || pos === undefined) return null;
  const t = pos.trim();
  if (!/^\d{1,2}$/.test(t)) return null;
  return t.padStart(2, '0');
}

export function isFacilityPos(pos: string): boolean {
  return FACILITY_POS.has(pos);
}
