// The name server's registry: unique agent names → control endpoint and pid.
import { NamingError } from "./errors.ts";

/** What the registry keeps per agent. */
export interface Registration {
  name: string;
  endpoint: string;
  pid: number;
}

/** Agent names, unique per name server, in registration order. */
export class NameRegistry {
  #entries = new Map<string, Registration>();

  /** Registers a name; a name already registered is refused. */
  register(name: unknown, endpoint: unknown, pid: unknown): void {
    if (typeof name !== "string" || name === "") {
      throw new TypeError("Cannot register agent: name must be a non-empty string");
    }
    if (typeof endpoint !== "string" || !endpoint.startsWith("tcp://")) {
      throw new TypeError(`Cannot register agent '${name}': endpoint must be a tcp:// string`);
    }
    if (typeof pid !== "number" || !Number.isInteger(pid)) {
      throw new TypeError(`Cannot register agent '${name}': pid must be an integer`);
    }
    if (this.#entries.has(name)) {
      throw new NamingError(
        `Cannot register agent '${name}': the name is already registered in this name server`,
      );
    }
    this.#entries.set(name, { name, endpoint, pid });
  }

  /** Removes a name; returns whether it was registered. */
  unregister(name: string): boolean {
    return this.#entries.delete(name);
  }

  /** The registration of a name. */
  lookup(name: string): Registration {
    const entry = this.#entries.get(name);
    if (!entry) {
      const known = [...this.#entries.keys()];
      throw new NamingError(
        `Cannot find agent '${name}': not registered (known: ${known.join(", ") || "none"})`,
      );
    }
    return { ...entry };
  }

  /** The registered names, in registration order. */
  names(): string[] {
    return [...this.#entries.keys()];
  }
}
