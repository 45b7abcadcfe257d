// Test helper: in-memory stdout/stderr for the `agora` commands.
import type { CommandIo } from "./_command.ts";

/** A {@linkcode CommandIo} that collects what is written, as text. */
export function memoryIo(): CommandIo & { out(): string; err(): string } {
  let out = "";
  let err = "";
  const decoder = new TextDecoder();
  return {
    stdout: new WritableStream({ write: (c) => void (out += decoder.decode(c)) }),
    stderr: new WritableStream({ write: (c) => void (err += decoder.decode(c)) }),
    out: () => out,
    err: () => err,
  };
}
