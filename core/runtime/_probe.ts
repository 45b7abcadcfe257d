// Waiting until a subscription has reached its publisher: subscriptions land
// asynchronously (after a restart, once the SUB reconnected), so the System
// asks the publisher for a probe message until one arrives here.

/** A probe to wait for: `hit()` when the probe message arrived. */
export interface Probe {
  /** Resolves on the first hit. */
  readonly seen: Promise<void>;
  /** The probe message arrived. */
  hit(): void;
}

/** A new probe to wait for. */
export function armProbe(): Probe {
  let hit: (() => void) | undefined;
  const seen = new Promise<void>((resolve) => (hit = resolve));
  return { seen, hit: () => hit?.() };
}

/**
 * Asks for a probe (`ask`) until `probe` is hit, waiting `waitMs` after each
 * answer: a reconnect backs off up to 5 s, so by default about 20 s.
 *
 * @throws {Error} With `failure` as the message when none arrived.
 */
export async function probeUntilSeen(
  ask: () => Promise<unknown>,
  probe: Probe,
  failure: string,
  { attempts = 400, waitMs = 50 }: { attempts?: number; waitMs?: number } = {},
): Promise<void> {
  const seen = probe.seen.then(() => true);
  for (let i = 0; i < attempts; i++) {
    await ask();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const landed = await Promise.race([
      seen,
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (landed) return;
  }
  throw new Error(failure);
}
