import assert from "assert";
import type { LogLevel } from "../agent/mod.ts";
import { systemPrinters } from "./_system_log.ts";

function fakeLog() {
  const records: [LogLevel, unknown][] = [];
  const log = {
    debugEnabled: false,
    debug: (m: unknown) => void records.push(["debug", m]),
    info: (m: unknown) => void records.push(["info", m]),
    warn: (m: unknown) => void records.push(["warn", m]),
    error: (m: unknown) => void records.push(["error", m]),
  };
  return { log, records };
}

Deno.test("systemPrinters() prints every record when there is no Logger", () => {
  const { log, records } = fakeLog();
  const lines: string[] = [];
  const { print } = systemPrinters(log, { print: (line) => lines.push(line) }, false);
  print("a");
  print("b", "debug");
  print("c", "error");
  assert.deepEqual(lines, ["a", "b", "c"]);
  assert.deepEqual(records, []);
  assert.equal(log.debugEnabled, false);
});

Deno.test("systemPrinters() sends records to the Logger and prints only warnings and errors", () => {
  const { log, records } = fakeLog();
  const lines: string[] = [];
  const { print } = systemPrinters(log, { print: (line) => lines.push(line) }, true);
  print("a");
  print("b", "warn");
  print("c", "error");
  assert.deepEqual(records, [["info", "a"], ["warn", "b"], ["error", "c"]]);
  assert.deepEqual(lines, ["b", "c"]);
});

Deno.test("systemPrinters() drops records under logLevel and obeys logConsole", () => {
  const { log, records } = fakeLog();
  const lines: string[] = [];
  const { print, printer } = systemPrinters(log, {
    print: (line) => lines.push(line),
    logLevel: "warn",
    logConsole: false,
  }, true);
  print("a", "info");
  print("b", "warn");
  printer("plain");
  assert.deepEqual(records, [["warn", "b"]]);
  assert.deepEqual(lines, ["plain"]);
});

Deno.test("systemPrinters() turns debug records on at logLevel debug", () => {
  const { log, records } = fakeLog();
  const lines: string[] = [];
  const { print } = systemPrinters(log, {
    print: (line) => lines.push(line),
    logLevel: "debug",
    logConsole: true,
  }, true);
  print("d", "debug");
  assert.equal(log.debugEnabled, true);
  assert.deepEqual(records, [["debug", "d"]]);
  assert.deepEqual(lines, ["d"]);
});
