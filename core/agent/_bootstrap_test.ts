import assert from "assert";
import { decodeBoot, encodeBoot } from "./_bootstrap.ts";

Deno.test("encodeBoot() writes one line that decodeBoot() reads back", () => {
  const config = {
    role: "agent" as const,
    name: "Ünïcode agent",
    secret: "s".repeat(64),
    nameserver: "tcp://127.0.0.1:1",
    attributes: { bytes: new Uint8Array(70_000).fill(7) },
  };
  const line = encodeBoot(config);
  assert.equal(line.endsWith("\n"), true);
  assert.equal(line.indexOf("\n"), line.length - 1);
  assert.deepEqual(decodeBoot(line), config);
});
