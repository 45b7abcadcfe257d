// The examples run with the flags stated in their headers, exit 0 and leave
// no process behind. Run with: deno test -A tests/agent/examples_test.ts
import assert from "assert";
import { alive, childrenOf } from "./_helpers.ts";

const FLAGS = ["--allow-run", "--allow-net=127.0.0.1"];

async function runExample(name: string, args: string[] = []) {
  const path = new URL(`../../examples/${name}`, import.meta.url).pathname;
  const header = Deno.readTextFileSync(path);
  assert.ok(
    header.includes(`deno run ${FLAGS.join(" ")} examples/${name}`),
    `${name} states its flags`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...FLAGS, path, ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  // Collect every process the example starts while it runs.
  const seen = new Set<number>();
  let done = false;
  const watch = (async () => {
    while (!done) {
      for (const pid of childrenOf(child.pid)) seen.add(pid);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const output = await child.output();
  done = true;
  await watch;
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
    pids: [...seen],
  };
}

Deno.test("the examples run, exit 0, print what they promise and leave no process", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-examples-" });
  const expected: [string, string[], RegExp, number][] = [
    ["hello_world.ts", [], /\(Example\) INFO: Hello, world!/, 2],
    ["push_pull.ts", [], /\(Puller\) INFO: received: Hello, world!/, 3],
    ["push_pull_class.ts", [], /\(Puller\) INFO: received: Hello, world!/, 3],
    ["pub_sub.ts", [], /\(Bob\) INFO: topic b: first on b/, 4],
    ["req_rep.ts", [], /Bob got: Received 2/, 3],
    ["sync_pub.ts", [], /\(Bob\) INFO: private reply: Alice answers Bob's question/, 4],
    ["logger.ts", [`${dir}/log.jsonl`], /logger has: Bob warn Bob warns/, 4],
  ];
  try {
    const results = await Promise.all(expected.map(([name, args]) => runExample(name, args)));
    for (const [i, [name, , pattern, processes]] of expected.entries()) {
      const result = results[i];
      assert.equal(result.code, 0, `${name}: ${result.stderr}`);
      assert.match(result.stdout + result.stderr, pattern, name);
      assert.equal(result.pids.length, processes, `${name}: name server + agents`);
      assert.deepEqual(result.pids.filter(alive), [], `${name} left processes behind`);
    }
    assert.equal(results[3].stdout.includes("(Bob) INFO: topic b: second on b"), false);
    const lines = Deno.readTextFileSync(`${dir}/log.jsonl`).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.deepEqual(lines.map((r) => `${r.agent}/${r.level}/${r.message}`), [
      "Alice/info/Hello from Alice",
      "Bob/warn/Bob warns",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
