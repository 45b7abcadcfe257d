// Shared by the attacker Brains: report each attempt as one JSON line on
// stdout, and learn the decoy port from the router (the only reachable address).

/** Runs one attack and prints `{name, outcome, error?, message?}`. */
export async function attempt(name: string, attack: () => unknown): Promise<void> {
  try {
    const value = await attack();
    console.log(JSON.stringify({ name, outcome: "allowed", value: String(value).slice(0, 80) }));
  } catch (error) {
    const e = error as Error;
    console.log(JSON.stringify({ name, outcome: "denied", error: e.name, message: e.message }));
  }
}

/** Reads the token line from stdin. */
export async function readToken(): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of Deno.stdin.readable) {
    text += decoder.decode(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0];
}

/** Connects to the router given as `--router=host:port` and reads its hello line. */
export async function hello(): Promise<{ router: string; decoy: number }> {
  const arg = Deno.args.find((a) => a.startsWith("--router="));
  const router = arg!.slice("--router=".length);
  const [hostname, port] = router.split(":");
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const buf = new Uint8Array(256);
  const n = await conn.read(buf);
  conn.close();
  const { decoy } = JSON.parse(new TextDecoder().decode(buf.subarray(0, n ?? 0)));
  return { router, decoy };
}
