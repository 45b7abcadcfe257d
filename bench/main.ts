/**
 * Runs every benchmark script in `bench/` in sequence, each as its own child
 * process, and prints its output. Picks up every `bench/*.ts` file except
 * private files (`_*.ts`), `main.ts` and `*_test.ts`, sorted by name.
 *
 * Usage: `deno run -A bench/main.ts [--only SUBSTRING] [-- extra args for every script]`
 *
 * @module
 */

const here = new URL(".", import.meta.url);
const separator = Deno.args.indexOf("--");
const ownArgs = separator >= 0 ? Deno.args.slice(0, separator) : Deno.args;
const passArgs = separator >= 0 ? Deno.args.slice(separator + 1) : [];
const onlyIndex = ownArgs.indexOf("--only");
const only = onlyIndex >= 0 ? ownArgs[onlyIndex + 1] : undefined;

const scripts: string[] = [];
for (const entry of Deno.readDirSync(here)) {
  const name = entry.name;
  if (!entry.isFile || !name.endsWith(".ts")) continue;
  if (name.startsWith("_") || name === "main.ts" || name.endsWith("_test.ts")) continue;
  if (only !== undefined && !name.includes(only)) continue;
  scripts.push(name);
}
scripts.sort();

let failed = 0;
for (const name of scripts) {
  const path = new URL(name, here).pathname;
  // `*_bench.ts` files are `deno bench` suites; the rest are plain scripts.
  const args = name.endsWith("_bench.ts")
    ? ["bench", "-A", path]
    : ["run", "-A", path, ...passArgs];
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  const status = await new Deno.Command(Deno.execPath(), {
    args,
    clearEnv: true,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!status.success) failed++;
  console.log(`\n(${name}: exit ${status.code}, ${seconds} s)`);
}
console.log(`\n${scripts.length} benchmark script(s), ${failed} failed`);
if (failed > 0) Deno.exit(1);
