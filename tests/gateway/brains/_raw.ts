// Shared by the raw attacker scripts: credentials from stdin and a DEALER
// that talks to the gateway without the Brain client's manners.
import { parseCredentials, routerArgument } from "@agora/core/gateway";
import { Dealer } from "@agora/core/transport";

export async function credentials(): Promise<{ brainId: string; token: string }> {
  const reader = Deno.stdin.readable.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return parseCredentials(text.split("\n")[0]);
}

export function endpoint(): string {
  return routerArgument(Deno.args)!;
}

export interface RawPeer {
  readonly dealer: Dealer;
  readonly ready: Promise<boolean>;
  readonly ended: Promise<void>;
  readonly errors: string[];
}

/** Connects with the given credentials; `ready` is false when refused. */
export function connect(
  username: string,
  password: string,
  options: { routingId?: string } = {},
): RawPeer {
  const ready = Promise.withResolvers<boolean>();
  const ended = Promise.withResolvers<void>();
  const errors: string[] = [];
  let up = false;
  const dealer = new Dealer({
    plain: { username, password },
    routingId: options.routingId,
    reconnectInterval: 60_000,
    logger: (event) => {
      if (event.type === "handshake") {
        up = true;
        ready.resolve(true);
      } else if (!up && (event.type === "handshake-error" || event.type === "auth-failure")) {
        errors.push(event.message);
        ready.resolve(false);
        ended.resolve();
      } else if (
        up &&
        (event.level !== "debug" || event.type === "disconnected" || event.type === "io-error")
      ) {
        ended.resolve();
      }
    },
  });
  dealer.connect(endpoint());
  return { dealer, ready: ready.promise, ended: ended.promise, errors };
}
