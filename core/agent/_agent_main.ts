// Entry of an agent process (see _bootstrap.ts for the protocol). The
// generated main module imports this file, the transport factory and the
// user's base class, then calls main(Base, factory).
import { type BootConfig, failStart, readBoot, writeReady } from "./_bootstrap.ts";
import { ControlClient, ControlServer } from "./_control.ts";
import { fromWire, toWire } from "./_codec.ts";
import { Agent } from "./agent.ts";
import type { AgentAddress } from "./address.ts";
import type { SocketFactory } from "./types.ts";

type AgentClass = new (context: ConstructorParameters<typeof Agent>[0]) => Agent;

/** Picks the agent class out of a base module: its default export, else its only Agent subclass. */
export function agentClass(module: Record<string, unknown> | undefined): AgentClass {
  if (module === undefined) return Agent;
  const isAgent = (v: unknown): v is AgentClass =>
    typeof v === "function" && (v === Agent || v.prototype instanceof Agent);
  if (isAgent(module.default)) return module.default;
  const classes = Object.values(module).filter(isAgent);
  if (classes.length === 1) return classes[0];
  throw new TypeError(
    `Cannot load agent base: the module must export default (or exactly one) class extending Agent, found ${classes.length}`,
  );
}

function dispatch(agent: Agent, method: unknown, args: unknown[]): unknown {
  if (typeof method !== "string" || method.startsWith("_") || method === "constructor") {
    throw new TypeError(`Cannot call ${JSON.stringify(method)}: not a public method name`);
  }
  const fn = (agent as unknown as Record<string, unknown>)[method];
  if (typeof fn !== "function") {
    throw new TypeError(`Cannot call '${method}': agent '${agent.name}' has no such method`);
  }
  return fn.apply(agent, args);
}

/** Runs one agent process. */
export async function main(module: Record<string, unknown> | undefined, sockets: SocketFactory) {
  let exiting = false;
  const config: BootConfig = await readBoot(() => {
    exiting = true;
    Deno.exit(0);
  });
  let nameserver: ControlClient | undefined;
  let server: ControlServer | undefined;
  let refused = 0;
  let registered = false;
  const exit = async (code: number) => {
    if (exiting) return;
    exiting = true;
    await nameserver?.request("unregister", [config.name], { timeout: 1000 }).catch(() => {});
    await nameserver?.close();
    await server?.close();
    Deno.exit(code);
  };
  try {
    const Base = agentClass(module);
    const agent = new Base({
      name: config.name,
      sockets,
      transport: config.transport,
      serializer: config.serializer,
      host: config.host,
      ipcDir: config.ipcDir,
      onShutdown: () => void exit(0),
    });
    const attributes = fromWire(config.attributes ?? {}, false) as Record<string, unknown>;
    for (const [key, value] of Object.entries(attributes)) {
      // Data fields a subclass declares may be preset; methods and the
      // built-in members of Agent may not.
      if (
        key in Agent.prototype ||
        typeof (agent as unknown as Record<string, unknown>)[key] === "function"
      ) {
        throw new TypeError(
          `Cannot set initial attribute '${key}' of agent '${config.name}': it clashes with an existing member`,
        );
      }
      agent.setAttr(key, value);
    }
    agent.setAttr("refusedControlRequests", 0);
    server = new ControlServer({
      secret: config.secret,
      onRefused: (reason) => {
        agent.setAttr("refusedControlRequests", ++refused);
        agent.log.warn(`refused a control connection without the right secret (${reason})`);
      },
      async handle(op, args) {
        switch (op) {
          case "call": {
            const [method, ...rest] = fromWire(args, true) as unknown[];
            try {
              return toWire(await dispatch(agent, method, rest));
            } catch (error) {
              agent.log.error(
                `remote call '${String(method)}' failed: ${(error as Error)?.name}: ${
                  (error as Error)?.message
                }`,
              );
              throw error;
            }
          }
          case "shutdown":
            setTimeout(() => void agent.shutdown(), 0);
            return true;
          case "kill":
            setTimeout(() => Deno.exit(1), 0);
            return true;
          default:
            throw new RangeError(`Cannot serve '${op}': agents have no such operation`);
        }
      },
    });
    const endpoint = await server.listen();
    if (config.nameserver) {
      nameserver = new ControlClient(config.nameserver, config.secret, 5000, config.name);
      await nameserver.request("register", [config.name, endpoint, Deno.pid]);
      registered = true;
    }
    await agent.onInit();
    if (config.logger !== undefined) {
      await agent.setLogger(fromWire(config.logger, false) as AgentAddress);
    }
    writeReady({ ready: true, control: endpoint, pid: Deno.pid });
  } catch (error) {
    if (registered) {
      await nameserver?.request("unregister", [config.name], { timeout: 1000 }).catch(() => {});
    }
    failStart(error);
  }
}
