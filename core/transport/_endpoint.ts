/**
 * Endpoint strings: `tcp://host:port`, `ipc://path`, `inproc://name`.
 *
 * @module
 */

/** A parsed endpoint. */
export type Endpoint =
  | { transport: "tcp"; hostname: string; port: number }
  | { transport: "ipc"; path: string }
  | { transport: "inproc"; name: string };

/**
 * Parses an endpoint. `tcp://*:*`, `tcp://host:0` and `tcp://host:*` mean an
 * ephemeral port; host `*` means every interface.
 *
 * @throws {TypeError} if the endpoint is malformed
 */
export function parseEndpoint(endpoint: string): Endpoint {
  if (typeof endpoint !== "string") {
    throw new TypeError("Cannot parse endpoint: expected a string");
  }
  const sep = endpoint.indexOf("://");
  if (sep < 0) throw new TypeError(`Cannot parse endpoint: "${endpoint}" has no "://"`);
  const scheme = endpoint.slice(0, sep);
  const rest = endpoint.slice(sep + 3);
  if (rest === "") throw new TypeError(`Cannot parse endpoint: "${endpoint}" has no address`);
  switch (scheme) {
    case "tcp": {
      const colon = rest.lastIndexOf(":");
      if (colon <= 0) throw new TypeError(`Cannot parse endpoint: "${endpoint}" has no port`);
      let hostname = rest.slice(0, colon);
      const portText = rest.slice(colon + 1);
      if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
      if (hostname === "*") hostname = "0.0.0.0";
      const port = portText === "*" ? 0 : Number(portText);
      if (!/^(\*|\d+)$/.test(portText) || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw new TypeError(`Cannot parse endpoint: "${endpoint}" has a bad port`);
      }
      return { transport: "tcp", hostname, port };
    }
    case "ipc":
      return { transport: "ipc", path: rest };
    case "inproc":
      return { transport: "inproc", name: rest };
    default:
      throw new TypeError(`Cannot parse endpoint: unsupported transport "${scheme}"`);
  }
}

/** Formats a tcp endpoint, bracketing IPv6 hosts. */
export function tcpEndpoint(hostname: string, port: number): string {
  return `tcp://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}
