// Loading a trusted Brain: import its module in this process and construct
// the Brain class it default-exports.
import { Brain } from "../strategy/mod.ts";

/**
 * Imports `url` and constructs its default-exported Brain class.
 *
 * @param name The Brain's name (for the error).
 * @param module Its URL, and the specifier as the caller wrote it (for the error).
 * @param brainOptions Handed to the constructor.
 * @throws {TypeError} When the module exports no Brain class.
 */
export async function loadBrain(
  name: string,
  module: { specifier: string; url: string },
  brainOptions: Record<string, unknown>,
): Promise<Brain> {
  const loaded = await import(module.url);
  const Class = loaded.default;
  if (typeof Class !== "function" || !(Class.prototype instanceof Brain)) {
    throw new TypeError(
      `Cannot add Brain '${name}': ${module.specifier} does not default-export a Brain class`,
    );
  }
  return new Class(brainOptions) as Brain;
}
