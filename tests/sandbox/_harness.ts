// Runs an attacker Brain as a real sandboxed process, with a router listener
// (the one allowed address) and a decoy listener that must never be reached.
import { type SandboxExit, spawnSandboxed } from "@agora/core/strategy";

export interface AttackRun {
  readonly exit: SandboxExit;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string;
  readonly routerConnections: number;
  readonly decoyConnections: number;
  readonly routerPort: number;
  readonly decoyPort: number;
}

export const TOKEN = "t0ken-for-the-sandbox-tests_0123456789";
const ROOT = new URL("../../", import.meta.url);

function serve(listener: Deno.Listener, onConn: (conn: Deno.Conn) => Promise<void>): Promise<void> {
  return (async () => {
    try {
      for await (const conn of listener) {
        try {
          await onConn(conn);
        } finally {
          try {
            conn.close();
          } catch {
            // closed by the peer
          }
        }
      }
    } catch {
      // the listener closed
    }
  })();
}

export async function runAttacker(
  name: string,
  options: { memoryMb?: number; cpuBudgetMs?: number } = {},
): Promise<AttackRun> {
  const router = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const decoy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let routerConnections = 0;
  let decoyConnections = 0;
  const routerLoop = serve(router, async (conn) => {
    routerConnections++;
    await conn.write(new TextEncoder().encode(JSON.stringify({ decoy: decoy.addr.port })));
  });
  const decoyLoop = serve(decoy, () => {
    decoyConnections++;
    return Promise.resolve();
  });
  try {
    await using brain = await spawnSandboxed(new URL(`./attackers/${name}.ts`, import.meta.url), {
      router: `127.0.0.1:${router.addr.port}`,
      token: TOKEN,
      cwd: ROOT,
      ...options,
    });
    const [stdout, stderr, exit] = await Promise.all([
      new Response(brain.stdout).text(),
      new Response(brain.stderr).text(),
      brain.exit,
    ]);
    const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    return {
      exit,
      lines,
      stderr,
      routerConnections,
      decoyConnections,
      routerPort: router.addr.port,
      decoyPort: decoy.addr.port,
    };
  } finally {
    router.close();
    decoy.close();
    await Promise.all([routerLoop, decoyLoop]);
  }
}

/** The outcome of each attempt by name: `"allowed"` or `"<error name>: <message>"`. */
export function outcomes(lines: Record<string, unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    if (line.outcome === undefined) continue;
    out[line.name as string] = line.outcome === "allowed"
      ? "allowed"
      : `${line.error}: ${line.message}`;
  }
  return out;
}
