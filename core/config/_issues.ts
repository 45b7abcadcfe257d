// Turns zod issues and cross-field checks into one line each:
// "<path>: got <value>, expected <what>". Private to core/config.
import type { z } from "zod";
import { allowedKeys, wantsInteger } from "./_schema.ts";

/** One problem: where, and the full one-line text. */
export interface Problem {
  readonly path: string;
  readonly line: string;
}

/** `brains.a.subscriptions[0].timeframe`; `(top level)` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
      out += out === "" ? key : `.${key}`;
    } else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "(top level)" : out;
}

/** A short, one-line picture of a value as the YAML gave it. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) return "a mapping";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

function bound(
  issue: { origin?: string; inclusive?: boolean; path: readonly PropertyKey[] },
  value: unknown,
  small: boolean,
) {
  const n = String(value);
  switch (issue.origin) {
    case "array":
      return small ? `a list of at least ${n}` : `a list of at most ${n}`;
    case "string":
      return small ? `a string of at least ${n} characters` : `at most ${n} characters`;
    default: {
      const op = small ? (issue.inclusive ? ">=" : ">") : (issue.inclusive ? "<=" : "<");
      return `${wantsInteger(issue.path) ? "an integer" : "a number"} ${op} ${n}`;
    }
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** Lines for one zod issue (an unknown-keys issue gives one line per key). */
export function describeIssue(issue: z.core.$ZodIssue): Problem[] {
  const input = (issue as { input?: unknown }).input;
  const at = (path: readonly PropertyKey[], got: string, expected: string): Problem => {
    const where = formatPath(path);
    return { path: where, line: `${where}: ${got}, expected ${expected}` };
  };
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = allowedKeys(issue.path);
      return issue.keys.map((key) => {
        const near = keys.filter((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
        const hint = near.length > 0 ? ` (did you mean ${near[0]}?)` : "";
        const expected = keys.length > 0 ? `one of ${keys.join(", ")}${hint}` : "no such key";
        return at([...issue.path, key], "unknown key", expected);
      });
    }
    case "invalid_type": {
      const got = input === undefined ? "missing" : `got ${formatValue(input)}`;
      const expected = issue.expected === "number" && wantsInteger(issue.path)
        ? "an integer"
        : TYPES[issue.expected] ?? issue.expected;
      return [at(issue.path, got, expected)];
    }
    case "invalid_value":
      return [
        at(
          issue.path,
          `got ${formatValue(input)}`,
          `one of ${issue.values.map(String).join(", ")}`,
        ),
      ];
    case "too_small":
      return [at(issue.path, `got ${formatValue(input)}`, bound(issue, issue.minimum, true))];
    case "too_big":
      return [at(issue.path, `got ${formatValue(input)}`, bound(issue, issue.maximum, false))];
    case "invalid_key":
      return [at(issue.path, `got key ${formatValue(input)}`, issue.issues[0]?.message ?? "")];
    default:
      return [at(issue.path, `got ${formatValue(input)}`, issue.message)];
  }
}

/** Keys that only apply to a Brain the system starts itself. */
const STARTED_ONLY = ["sandbox", "cpuSeconds", "subscriptions", "options"];

/**
 * A Brain needs a `module` unless it is `external` (started by someone else,
 * admitted with a token); an external one takes no key that only applies to
 * a Brain the system starts.
 */
function externalChecks(name: string, brain: Record<string, unknown> | undefined): Problem[] {
  if (brain === undefined) return [];
  if (brain.external !== true) {
    if (brain.module !== undefined) return [];
    const where = formatPath(["brains", name, "module"]);
    return [{ path: where, line: `${where}: missing, expected a string` }];
  }
  return STARTED_ONLY.filter((key) => key in brain).map((key) => {
    const where = formatPath(["brains", name, key]);
    return {
      path: where,
      line: `${where}: got ${
        formatValue(brain[key])
      }, expected no ${key} with external: true (the system does not start an external Brain)`,
    };
  });
}

/** Cross-field checks, run on the raw YAML value even when its shape is wrong. */
export function crossCheck(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const record = (v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? v as Record<string, unknown>
      : undefined;
  const root = record(raw);
  for (const [name, brain] of Object.entries(record(root?.brains) ?? {})) {
    problems.push(...externalChecks(name, record(brain)));
  }
  if (!root || !Array.isArray(root.instruments)) return problems;
  const names = root.instruments.filter((name): name is string => typeof name === "string");
  const known = new Set(names);
  const valid = [...known].filter((name) => /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/.test(name));
  const listed = valid.length > 0
    ? `one of the system's instruments: ${valid.join(", ")}`
    : "one of the system's instruments, but instruments lists no valid one";
  const check = (path: PropertyKey[], value: unknown) => {
    if (typeof value === "string" && !known.has(value)) {
      const where = formatPath(path);
      problems.push({
        path: where,
        line: `${where}: got ${formatValue(value)}, expected ${listed}`,
      });
    }
  };
  root.instruments.forEach((name, i) => {
    if (typeof name === "string" && names.indexOf(name) < i) {
      const where = formatPath(["instruments", i]);
      problems.push({
        path: where,
        line: `${where}: got ${formatValue(name)}, expected an instrument not listed before`,
      });
    }
  });
  check(["replay", "instrument"], record(root.replay)?.instrument);
  const risk = record(root.risk);
  for (const key of ["maxUnitsByInstrument", "maxPositionByInstrument"]) {
    for (const name of Object.keys(record(risk?.[key]) ?? {})) {
      if (!known.has(name)) {
        const where = formatPath(["risk", key, name]);
        problems.push({ path: where, line: `${where}: unknown instrument, expected ${listed}` });
      }
    }
  }
  for (const [name, brain] of Object.entries(record(root.brains) ?? {})) {
    const subscriptions = record(brain)?.subscriptions;
    if (!Array.isArray(subscriptions)) continue;
    subscriptions.forEach((s, i) =>
      check(["brains", name, "subscriptions", i, "instrument"], record(s)?.instrument)
    );
  }
  const overmind = record(root.overmind);
  const first = overmind?.restartDelayMs ?? 500;
  const most = overmind?.maxRestartDelayMs;
  if (typeof first === "number" && typeof most === "number" && most < first) {
    const where = "overmind.maxRestartDelayMs";
    problems.push({
      path: where,
      line: `${where}: got ${most}, expected a number >= restartDelayMs (${first})`,
    });
  }
  return problems;
}
