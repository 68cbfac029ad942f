import { z } from 'zod';

/**
 * SEND_RATE_LIMITS: messages per second per sending number or service (issue #12 part 3).
 *
 *   SEND_RATE_LIMITS="twilio=1,twilio:MG0123…=100,rakuten=20,simulator=off"
 *
 * - `<route>=<rate>` applies to every sender of that route (each number has its own budget);
 *   `<route>:<sender>=<rate>` to one sender (a Twilio number +1…, a short code, a messaging service MG…,
 *   the Rakuten sender ID). The most specific entry wins.
 * - `<rate>`: messages per second, a positive number (0.5 = one every two seconds), or `off`.
 * - Unlisted: Twilio long code 1/s, Twilio short code or messaging service 100/s; other routes
 *   (simulator, rakuten, rbm) unlimited unless listed.
 */
export const RateLimits = z.record(z.string(), z.number().positive().max(100_000).nullable());
/** key ("twilio" or "twilio:+15005550006") → messages per second, null = unlimited. */
export type RateLimits = z.infer<typeof RateLimits>;

const Entry = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*(:[^\s,=]+)?$/, 'must be <route> or <route>:<sender>, e.g. twilio or twilio:+15005550006'),
  rate: z.union([z.literal('off'), z.literal('unlimited'), z.coerce.number().positive('must be > 0 (or off)').max(100_000, 'must be ≤ 100000 per second')]),
});

/** "twilio=1,twilio:MG…=100,simulator=off" → limits. Throws naming the bad part. */
export function parseRateLimits(value: string): RateLimits {
  const out: RateLimits = {};
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    if (eq < 1) throw new Error(`"${part}" must look like twilio=1 or twilio:+15005550006=1 (messages per second, or off)`);
    const r = Entry.safeParse({ key: part.slice(0, eq).trim(), rate: part.slice(eq + 1).trim() });
    if (!r.success) throw new Error(`"${part}": ${r.error.issues.map((i) => i.message).join('; ')}`);
    if (typeof r.data.rate === 'number' && Number.isNaN(r.data.rate)) throw new Error(`"${part}": the rate must be a number of messages per second, or off`);
    out[r.data.key] = typeof r.data.rate === 'number' ? r.data.rate : null;
  }
  return out;
}
