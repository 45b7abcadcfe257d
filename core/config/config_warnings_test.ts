import assert from "assert";
import { configWarnings } from "./config_warnings.ts";
import { parseSystemConfig } from "./parse_system_config.ts";

const MINIMAL = "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n";

Deno.test("configWarnings() says the dashboard is not implemented only when the file enables it", () => {
  assert.deepEqual(configWarnings(parseSystemConfig(MINIMAL)), []);
  assert.deepEqual(
    configWarnings(parseSystemConfig(`${MINIMAL}dashboard: { enabled: true }\n`)),
    ["dashboard.enabled: the dashboard is not implemented yet; the system runs without it"],
  );
});
