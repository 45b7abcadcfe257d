import assert from "assert";
import { checkBrainGraph } from "./sandbox_graph.ts";

const roots = ["/srv/brains", new URL("file:///srv/agora/core/")];

Deno.test("checkBrainGraph() accepts local modules under the roots and allowed npm packages", () => {
  const graph = {
    modules: [
      { specifier: "file:///srv/brains/a.ts" },
      { specifier: "file:///srv/agora/core/strategy/mod.ts" },
      { specifier: "npm:/decimal.js@10.6.0" },
      { specifier: "npm:/trading-signals@8.3.0" },
      { specifier: "npm:/zod@4.6.7" },
    ],
  };
  assert.deepEqual(checkBrainGraph(graph, { roots }), []);
});

Deno.test("checkBrainGraph() names every module it refuses", () => {
  const graph = {
    modules: [
      { specifier: "file:///srv/brainsX/evil.ts" },
      { specifier: "file:///srv/brains/missing.ts", error: "Module not found\nmore" },
      { specifier: "node:sqlite" },
      { specifier: "https://deno.land/x/evil.ts" },
      { specifier: "data:text/javascript,1" },
      { specifier: "npm:/zeromq@6.8.0" },
      { specifier: "npm:/@scope/pkg@1.0.0" },
    ],
  };
  assert.deepEqual(checkBrainGraph(graph, { roots }), [
    "module file:///srv/brainsX/evil.ts is outside the allowed folders",
    "module file:///srv/brains/missing.ts does not load: Module not found",
    "module node:sqlite is not a local file or an allowed npm package",
    "module https://deno.land/x/evil.ts is not a local file or an allowed npm package",
    "module data:text/javascript,1 is not a local file or an allowed npm package",
    "npm package npm:/zeromq@6.8.0 is not allowed",
    "npm package npm:/@scope/pkg@1.0.0 is not allowed",
  ]);
  assert.deepEqual(
    checkBrainGraph({ modules: [{ specifier: "npm:/@scope/pkg@1.0.0" }] }, {
      roots,
      npm: ["@scope/pkg"],
    }),
    [],
  );
});

Deno.test("checkBrainGraph() refuses something that is not deno info output", () => {
  assert.throws(() => checkBrainGraph({ roots: [] }, { roots }), {
    name: "TypeError",
    message: "Cannot check Brain graph: it has no modules list",
  });
});
