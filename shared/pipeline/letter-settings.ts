// What the draft step needs besides the case to write a letter: who writes it, for whom, on what terms.
import * as z from 'zod';
import { Letterhead, Negotiator } from '../letters/offer-letter-input.ts';

export const LetterSettings = z.object({
  letterhead: Letterhead,
  /** The plan or TPA the offers are made for; when absent, the payer the bill names. */
  payerName: z.string().min(1).nullable().default(null),
  /** Signs drafted letters until a negotiator takes the case. */
  negotiator: Negotiator,
  paymentDays: z.number().int().positive().default(30),
  /** Calendar days an offer stays open (cases outside the No Surprises Act). */
  offerExpiryDays: z.number().int().positive().default(30),
});
export type LetterSettings = z.infer<typeof LetterSettings>;
export type LetterSettingsInput = z.input<typeof LetterSettings>;
