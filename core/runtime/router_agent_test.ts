import assert from "assert";
import { RouterAgent } from "./router_agent.ts";

Deno.test("RouterAgent.stats() reports the process's memory only when asked", async () => {
  const router = new RouterAgent({ name: "router", print: () => {} });
  try {
    assert.deepEqual(router.stats(), { ticks: 0, dropped: 0, malformed: 0 });
    const { memory, ...counters } = router.stats({ memory: true });
    assert.deepEqual(counters, { ticks: 0, dropped: 0, malformed: 0 });
    assert.deepEqual(Object.keys(memory!).sort(), ["external", "heapTotal", "heapUsed", "rss"]);
    for (const bytes of Object.values(memory!)) assert.ok(Number.isInteger(bytes) && bytes > 0);
    // The V8 heap in use fits in the heap reserved, which fits in the process.
    assert.ok(memory!.heapUsed <= memory!.heapTotal && memory!.heapTotal < memory!.rss);
  } finally {
    await router.shutdown();
  }
});
