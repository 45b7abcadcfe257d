// A test Brain that logs one line at each level when it starts, for the
// logger.level and logger.console tests of `agora run`.
import { Brain } from "@agora/core/strategy";

export default class LoggingBrain extends Brain {
  override onStart(): void {
    this.log.debug("note at debug");
    this.log.info("note at info");
    this.log.warn("note at warn");
    this.log.error("note at error");
  }
}
