// Child-process side of the spawn protocol, shared by agents and the name
// server. The parent writes one line on stdin: the bootstrap config
// (base64 MessagePack, carrying the secret). It keeps stdin open; EOF means
// the parent is gone, and the child exits. The child answers with one JSON
// line on stdout: {"ready":true,...} or {"ready":false,"error":{...}}.
import { decodeBody, encodeBody } from "./_codec.ts";
import { type ErrorInfo, errorInfo } from "./errors.ts";

/** What the parent hands a child on stdin. */
export interface BootConfig {
  role: "agent" | "nameserver";
  name: string;
  secret: string;
  nameserver?: string;
  transport?: "tcp" | "ipc" | "inproc";
  serializer?: "json" | "raw" | "msgpack";
  attributes?: Record<string, unknown>;
  logger?: unknown;
  host?: string;
  ipcDir?: string;
  port?: number;
}

/** The first line a child writes on stdout. */
export type ReadyLine =
  | { ready: true; control: string; pid: number }
  | { ready: false; error: ErrorInfo };

export function encodeBoot(config: BootConfig): string {
  const bytes = encodeBody(config);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text) + "\n";
}

export function decodeBoot(line: string): BootConfig {
  const text = atob(line.trim());
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  return decodeBody(bytes) as BootConfig;
}

/**
 * Reads the bootstrap line from stdin, then watches stdin in the background:
 * at EOF (parent gone) `onParentGone` runs.
 */
export async function readBoot(onParentGone: () => void): Promise<BootConfig> {
  const reader = Deno.stdin.readable.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      onParentGone();
      throw new Error("Cannot start: stdin closed before the bootstrap line");
    }
    text += decoder.decode(value, { stream: true });
  }
  const config = decodeBoot(text.slice(0, text.indexOf("\n")));
  (async () => {
    try {
      while (!(await reader.read()).done) {
        // anything after the bootstrap line is ignored
      }
    } catch {
      // read error: treat as EOF
    }
    onParentGone();
  })();
  return config;
}

/** Writes the ready line. */
export function writeReady(line: ReadyLine): void {
  try {
    Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(line) + "\n"));
  } catch {
    // parent gone
  }
}

/** Writes a failure ready line and exits with code 1. */
export function failStart(error: unknown): never {
  writeReady({ ready: false, error: errorInfo(error) });
  Deno.exit(1);
}
