// Who Parley is in the X12 it sends back (999 acknowledgments, repriced 837s).
import * as z from 'zod';

export const EdiSettings = z.object({
  /** HCP04: the repricing organization identifier the TPA knows Parley by. */
  repricingOrganizationId: z.string().min(1).max(50),
  /** ISA06/GS02 of the 999s Parley sends. */
  senderId: z.string().min(1).max(15),
});
export type EdiSettings = z.infer<typeof EdiSettings>;
