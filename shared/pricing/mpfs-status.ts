// What an MPFS status code means for payment (RVU file documentation, Attachment A).

export type MpfsStatusKind = 'payable' | 'bundled' | 'contractor-priced' | 'anesthesia' | 'not-covered' | 'excluded' | 'not-valid' | 'reporting-only';

export const MPFS_STATUS: Readonly<Record<string, { kind: MpfsStatusKind; meaning: string }>> = {
  A: { kind: 'payable', meaning: 'active code, paid separately under the fee schedule' },
  R: { kind: 'payable', meaning: 'restricted coverage; special coverage instructions apply' },
  T: { kind: 'payable', meaning: 'injection paid only when no other fee-schedule service is billed the same day' },
  B: { kind: 'bundled', meaning: 'bundled: payment is always included in other services' },
  P: { kind: 'bundled', meaning: 'bundled/excluded: no separate payment under the fee schedule' },
  C: { kind: 'contractor-priced', meaning: 'contractor priced: the MAC sets the amount case by case' },
  J: { kind: 'anesthesia', meaning: 'anesthesia service: paid by base and time units, not RVUs' },
  N: { kind: 'not-covered', meaning: 'not covered by Medicare' },
  X: { kind: 'excluded', meaning: 'statutory exclusion: not a physician service (e.g. lab, ambulance); paid under another schedule if at all' },
  E: { kind: 'excluded', meaning: 'excluded from the fee schedule by regulation' },
  I: { kind: 'not-valid', meaning: 'not valid for Medicare: Medicare uses another code' },
  G: { kind: 'not-valid', meaning: 'not valid for Medicare: Medicare uses another code' },
  D: { kind: 'not-valid', meaning: 'deleted code' },
  F: { kind: 'not-valid', meaning: 'deleted/discontinued code' },
  H: { kind: 'not-valid', meaning: 'deleted modifier component' },
  M: { kind: 'reporting-only', meaning: 'measurement code, reporting only' },
};

export function mpfsStatus(code: string): { kind: MpfsStatusKind; meaning: string } {
  return MPFS_STATUS[code] ?? { kind: 'not-valid', meaning: `unknown status "${code}"` };
}
