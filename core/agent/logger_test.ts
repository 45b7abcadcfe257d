import assert from "assert";
import { Logger } from "./logger.ts";
import type { LogRecord } from "./log.ts";

const record = (level: LogRecord["level"], message: string): LogRecord => ({
  time: "2026-01-01T00:00:00.000Z",
  agent: "A",
  level,
  message,
});

Deno.test("Logger.record() keeps a bounded history, filterable by level", async () => {
  const logger = new Logger({ name: "log", print: () => {} });
  logger.maxHistory = 2;
  await logger.record(record("info", "1"));
  await logger.record(record("warn", "2"));
  await logger.record(record("info", "3"));
  assert.deepEqual(logger.history().map((r) => r.message), ["2", "3"]);
  assert.deepEqual(logger.history("warn").map((r) => r.message), ["2"]);
  assert.deepEqual(logger.history("error"), []);
});

Deno.test("Logger appends each record to its JSON-lines file", async () => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    const logger = new Logger({ name: "log", print: () => {} });
    logger.path = path;
    // onInit opens the file, then fails to bind (no transport in this test).
    await assert.rejects(logger.onInit(), /no transport/);
    await logger.record(record("info", "first"));
    await logger.record(record("error", "second"));
    logger.onStop();
    const lines = (await Deno.readTextFile(path)).trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines, [record("info", "first"), record("error", "second")]);
  } finally {
    await Deno.remove(path);
  }
});
