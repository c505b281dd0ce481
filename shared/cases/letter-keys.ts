// Where a case's letters live in the letters bucket: one key per offer version, one for the settlement agreement.
// Keys are derived from the case alone, so an action re-run after a crash overwrites its own file instead of adding one.

export const offerLetterKey = (caseId: string, version: number) => `${caseId}/offer-v${version}.pdf`;
export const settlementKey = (caseId: string) => `${caseId}/settlement.pdf`;
