import type { ConsentRecord, SignupInput, Subscriber } from './schema';
import type * as z from 'zod';

/**
 * What a signup does to the stored record, whatever it was. The caller's answer is the same in
 * every case (no enumeration); only the stored state differs:
 *   none         → pending, generation 1
 *   pending      → unchanged (the queue re-sends the confirmation if ten minutes have passed)
 *   confirmed    → unchanged, and nothing is sent
 *   unsubscribed → pending again with a new generation: re-subscribing needs a new confirmation
 */
export function afterSignup(
  existing: Subscriber | null,
  input: SignupInput,
  consent: z.infer<typeof ConsentRecord>,
): { record: Subscriber; changed: boolean } {
  if (existing && existing.status !== 'unsubscribed') return { record: existing, changed: false };
  const record: Subscriber = {
    email: input.email,
    ...(input.name ? { name: input.name } : {}),
    regions: input.regions,
    status: 'pending',
    generation: existing ? existing.generation + 1 : 1,
    createdAt: existing?.createdAt ?? consent.at,
    consent,
  };
  return { record, changed: true };
}
