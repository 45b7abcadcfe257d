// Entry of a name-server process (see _bootstrap.ts for the protocol).
import { failStart, readBoot, writeReady } from "./_bootstrap.ts";
import { ControlServer } from "./_control.ts";
import { NameRegistry } from "./_registry.ts";
import { printRecord } from "./log.ts";

/** Runs the name server until it is told to shut down or its parent dies. */
export async function main(): Promise<void> {
  const config = await readBoot(() => Deno.exit(0));
  const registry = new NameRegistry();
  let server: ControlServer | undefined;
  const warn = (message: string) =>
    printRecord({ time: new Date().toISOString(), agent: config.name, level: "warn", message });
  try {
    server = new ControlServer({
      secret: config.secret,
      port: config.port,
      hostname: config.host,
      onRefused: (reason) =>
        warn(`refused a control connection without the right secret (${reason})`),
      handle(op, args) {
        switch (op) {
          case "ping":
            return "pong";
          case "register":
            registry.register(args[0], args[1], args[2]);
            return true;
          case "unregister":
            return registry.unregister(String(args[0]));
          case "lookup":
            return registry.lookup(String(args[0]));
          case "agents":
            return registry.names();
          case "shutdown":
            setTimeout(async () => {
              await server?.close();
              Deno.exit(0);
            }, 0);
            return true;
          default:
            throw new RangeError(`Cannot serve '${op}': the name server has no such operation`);
        }
      },
    });
    const endpoint = await server.listen();
    writeReady({ ready: true, control: endpoint, pid: Deno.pid });
  } catch (error) {
    failStart(error);
  }
}

if (import.meta.main) await main();
