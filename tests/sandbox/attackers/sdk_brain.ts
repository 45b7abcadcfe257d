// Not an attacker: a Brain importing the strategy SDK starts fine under the
// sandbox flags (the SDK loads nothing native and needs no permission).
import { Brain, SMA } from "@agora/core/strategy";

class Quiet extends Brain {}
const sma = new SMA(2);
sma.update(1);
console.log(JSON.stringify({ name: "sdk", brain: typeof Quiet, sma: sma.update(3) }));
