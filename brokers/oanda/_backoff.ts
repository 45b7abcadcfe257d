/**
 * Exponential backoff with jitter: `initial · 2^attempt`, capped at `max`,
 * then scaled by a random factor in [0.5, 1) so that clients do not retry in
 * step.
 */
export function backoffDelay(
  attempt: number,
  initial: number,
  max: number,
  random: () => number,
): number {
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return base * (0.5 + random() / 2);
}
