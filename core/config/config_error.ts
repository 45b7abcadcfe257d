/**
 * A system file that parsed as YAML but does not describe a valid system.
 * `issues` holds one line per problem, `<path>: got <value>, expected <what>`,
 * every problem found at once; the message is a header line followed by
 * those lines.
 *
 * @example Catch it and print every problem
 * ```ts
 * import { ConfigError, parseSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * try {
 *   parseSystemConfig("broker: { plugin: sim }\ninstruments: [eurusd]\n");
 *   assert.fail("expected an error");
 * } catch (error) {
 *   assert.ok(error instanceof ConfigError);
 *   assert.deepEqual(error.issues, [
 *     'instruments[0]: got "eurusd", expected an instrument name BASE_QUOTE such as EUR_USD',
 *   ]);
 * }
 * ```
 */
export class ConfigError extends TypeError {
  /** One line per problem, in document order of the schema. */
  readonly issues: readonly string[];
  /** The file (or `<text>`) the configuration came from. */
  readonly source: string;

  /**
   * Creates the error.
   *
   * @param source The file name, or `<text>`.
   * @param issues One line per problem.
   */
  constructor(source: string, issues: readonly string[]) {
    const count = issues.length === 1 ? "1 error" : `${issues.length} errors`;
    super(`Cannot load system config ${source}: ${count}\n${issues.join("\n")}`);
    this.name = "ConfigError";
    this.source = source;
    this.issues = Object.freeze([...issues]);
  }
}

/**
 * A system file that is not valid YAML (including a key repeated in one
 * mapping). `issues` holds one line per YAML error, `line L, column C: <what>`.
 *
 * @example A repeated key
 * ```ts
 * import { ConfigSyntaxError, parseSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => parseSystemConfig("instruments: [EUR_USD]\ninstruments: [GBP_USD]\n"),
 *   (error) => error instanceof ConfigSyntaxError && error.issues[0].startsWith("line 2, column 1:"),
 * );
 * ```
 */
export class ConfigSyntaxError extends SyntaxError {
  /** One line per YAML error. */
  readonly issues: readonly string[];
  /** The file (or `<text>`) the configuration came from. */
  readonly source: string;

  /**
   * Creates the error.
   *
   * @param source The file name, or `<text>`.
   * @param issues One line per YAML error.
   */
  constructor(source: string, issues: readonly string[]) {
    super(`Cannot parse system config ${source}: not valid YAML\n${issues.join("\n")}`);
    this.name = "ConfigSyntaxError";
    this.source = source;
    this.issues = Object.freeze([...issues]);
  }
}
