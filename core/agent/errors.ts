/**
 * Errors the agent system raises in the deploying script.
 *
 * Python's osBrain raises `TimeoutError` and Pyro's `NamingError`; here they
 * are {@linkcode TimeoutError} and {@linkcode NamingError}, and an exception
 * thrown inside an agent arrives as a {@linkcode RemoteError} whose `name` is
 * the remote error's name (`"TypeError"`, `"NotCapable"`, ...).
 *
 * @module
 */

/** The serialisable description of an error, as it crosses the control channel. */
export interface ErrorInfo {
  /** The error's `name`, e.g. `"TypeError"`. */
  name: string;
  /** The error's message. */
  message: string;
  /** The stack trace text where the error was thrown, if any. */
  stack?: string;
}

/**
 * An exception raised inside an agent process and re-raised in the caller.
 *
 * `name` and `message` are the remote error's own; `remoteStack` holds the
 * stack trace text from the agent process.
 *
 * @example Recognise a remote TypeError
 * ```ts
 * import { RemoteError } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const error = new RemoteError({ name: "TypeError", message: "bad", stack: "TypeError: bad\n    at x" });
 * assert.equal(error.name, "TypeError");
 * assert.ok(error.remoteStack.includes("at x"));
 * ```
 */
export class RemoteError extends Error {
  /** The stack trace text recorded in the agent process. */
  readonly remoteStack: string;

  /**
   * Builds the local twin of a remote error.
   *
   * @param info The remote error's name, message and stack.
   */
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
    this.remoteStack = info.stack ?? "";
  }
}

/**
 * A remote call, a wait for an agent or a name-server shutdown did not finish
 * in time.
 *
 * @example Catch a timeout
 * ```ts
 * import { TimeoutError } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new TimeoutError("Cannot call ping: no reply after 10 ms").name, "TimeoutError");
 * ```
 */
export class TimeoutError extends Error {
  /**
   * Creates a timeout error.
   *
   * @param message What timed out, in the form "Cannot <action>: <why>".
   */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

/**
 * A name is not registered in the name server (or is already taken).
 *
 * @example Catch an unknown agent name
 * ```ts
 * import { NamingError } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new NamingError("Cannot find agent 'x': unknown name").name, "NamingError");
 * ```
 */
export class NamingError extends Error {
  /**
   * Creates a naming error.
   *
   * @param message What name was wrong and why.
   */
  constructor(message: string) {
    super(message);
    this.name = "NamingError";
  }
}

/**
 * Describes any thrown value as an {@linkcode ErrorInfo}.
 *
 * @param error The thrown value.
 * @returns Its name, message and stack.
 *
 * @example Describe a thrown string
 * ```ts
 * import { errorInfo } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(errorInfo("boom"), { name: "Error", message: "boom", stack: "" });
 * ```
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack ?? "" };
  }
  return { name: "Error", message: String(error), stack: "" };
}
