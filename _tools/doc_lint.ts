/**
 * Runs `deno doc --lint` on the given entry points and fails on every
 * diagnostic in this repository's own files. Diagnostics located in
 * third-party declarations (the npm cache) are counted and left out:
 * `@agora/core/model` re-exports `Decimal` from `decimal.js`, whose
 * `decimal.d.ts` ships without JSDoc, and `deno doc --lint` has no switch
 * to skip a dependency's declarations.
 *
 * Pass every public entry point in one run: a type counts as public when any
 * listed entry point exports it (as on JSR, where a package's exports form one
 * API). Linted alone, a subpath such as `core/risk/mod.ts` reports the model
 * types it uses (`OrderRequest`, `Decimal`) as private, and the OANDA plugin
 * reports the `@agora/core` types it uses.
 *
 * ```sh
 * deno run --allow-run --allow-read _tools/doc_lint.ts core/mod.ts core/model/mod.ts
 * ```
 *
 * @module
 */

const entries = Deno.args;
if (entries.length === 0) {
  console.error("Cannot lint docs: no entry point given");
  Deno.exit(2);
}
const root = Deno.cwd();
const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
  args: ["doc", "--lint", ...entries],
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "piped",
}).output();
const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
const blocks = text.split(/\n(?=error\[)/).filter((block) => block.startsWith("error["));
const own: string[] = [];
let thirdParty = 0;
for (const block of blocks) {
  const file = block.match(/^\s*--> (.+?):\d+:\d+$/m)?.[1] ?? "";
  if (file.startsWith(root + "/") || !file.startsWith("/")) {
    own.push(block.replace(/\n+error: Found \d+ documentation lint errors?\.[\s\S]*$/, ""));
  } else thirdParty++;
}
if (code !== 0 && blocks.length === 0) {
  console.error(text);
  Deno.exit(code);
}
for (const block of own) console.error(block.trimEnd() + "\n");
console.log(
  `doc lint: ${entries.length} entry points, ${own.length} problems in our files` +
    (thirdParty > 0 ? ` (${thirdParty} in third-party declarations skipped)` : ""),
);
Deno.exit(own.length > 0 ? 1 : 0);
