import assert from "assert";
import { AgentLog, type LogRecord } from "./log.ts";

function capture(remote: boolean) {
  const local: LogRecord[] = [];
  const sent: LogRecord[] = [];
  const log = new AgentLog("A", {
    remote: (r) => remote && sent.push(r) > 0,
    local: (r) => local.push(r),
  }, () => Date.UTC(2026, 0, 2, 3, 4, 5));
  return { log, local, sent };
}

Deno.test("AgentLog prints locally when no logger is connected", () => {
  const { log, local } = capture(false);
  log.info("i");
  log.warn("w");
  log.error(new Error("e"));
  assert.deepEqual(local.map((r) => `${r.time} ${r.agent} ${r.level} ${r.message}`), [
    "2026-01-02T03:04:05.000Z A info i",
    "2026-01-02T03:04:05.000Z A warn w",
    "2026-01-02T03:04:05.000Z A error Error: e",
  ]);
});

Deno.test("AgentLog sends to the logger and still prints warnings and errors locally", () => {
  const { log, local, sent } = capture(true);
  log.info("i");
  log.warn("w");
  log.error("e");
  assert.deepEqual(sent.map((r) => r.level), ["info", "warn", "error"]);
  assert.deepEqual(local.map((r) => r.level), ["warn", "error"]);
});

Deno.test("AgentLog drops debug records unless debugEnabled", () => {
  const { log, local } = capture(false);
  log.debug("hidden");
  log.debugEnabled = true;
  log.debug("shown");
  assert.deepEqual(local.map((r) => r.message), ["shown"]);
});
