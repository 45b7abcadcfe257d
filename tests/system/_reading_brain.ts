// Test Brain for the module-graph vet: a literal text import of a file
// outside the allowed folders, which module loading would allow without
// --allow-read. The running system must refuse to spawn it.
import { Brain } from "@agora/core/strategy";

export default class ReadingBrain extends Brain {
  override async onStart(): Promise<void> {
    const { default: text } = await import("file:///etc/hostname", { with: { type: "text" } });
    this.log.info("read", { text });
  }
}
