// Named refusals of the case service besides InvalidTransition (lifecycle.ts) and VersionConflict (case-repository.ts).

/** The caller's role may not take this action at all, or not on this case (e.g. a negotiator assigning someone else). */
export class ActionNotAllowed extends Error {
  override readonly name = 'ActionNotAllowed';
  constructor(
    readonly caseId: string,
    readonly action: string,
    readonly why: string,
  ) {
    super(`cannot ${action} case ${caseId}: ${why}`);
  }
}

/** An offer above the supervisor limit needs a supervisor to approve, send or accept it. */
export class SupervisorApprovalRequired extends Error {
  override readonly name = 'SupervisorApprovalRequired';
  constructor(
    readonly caseId: string,
    readonly action: string,
    readonly amountCents: number,
    readonly limitCents: number,
  ) {
    super(
      `cannot ${action} case ${caseId} as a negotiator: the amount ${dollars(amountCents)} is above the supervisor limit ` +
        `${dollars(limitCents)}; a supervisor must ${action === 'send' ? 'approve or send' : action} it`,
    );
  }
}

/** The request names something the case does not allow: the field and why (never a patient's data). */
export class InvalidCaseInput extends Error {
  override readonly name = 'InvalidCaseInput';
  constructor(
    readonly caseId: string,
    readonly field: string,
    readonly why: string,
  ) {
    super(`case ${caseId}: ${field}: ${why}`);
  }
}

function dollars(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
