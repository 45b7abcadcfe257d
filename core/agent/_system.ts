// Per-system state the deploying script keeps: the secret of a name server
// and the agent processes it spawned. Keyed by the NameServerAddress object
// so the secret never appears in an enumerable field or in toJSON().
import type { ChildHandle } from "./_spawn.ts";

export interface SystemState {
  secret: string;
  /** Agent processes this script spawned, by agent name. */
  children: Map<string, ChildHandle>;
}

export const systems: WeakMap<object, SystemState> = new WeakMap();
