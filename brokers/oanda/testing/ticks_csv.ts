import { readTicks } from "@agora/core/data";
import type { Tick } from "@agora/core/model";

/**
 * Parses `timestamp,bid,ask` CSV text (a header row, ISO 8601 UTC times)
 * into ticks: a tiny reader for driving the fake (the real one lives in
 * `@agora/core/data`).
 *
 * @param text The CSV text.
 * @param instrument The instrument of every tick.
 * @param limit The most ticks to read. Default: all.
 * @returns The ticks, in file order.
 * @throws {SyntaxError} When a row is not `timestamp,bid,ask`.
 *
 * @example Two ticks
 * ```ts
 * import { parseTicksCsv } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const ticks = parseTicksCsv("timestamp,bid,ask\n2014-05-01T00:00:00.292Z,1.38687,1.38699\n", "EUR_USD");
 * assert.deepEqual(ticks, [{ instrument: "EUR_USD", time: 1398902400292, bid: 1.38687, ask: 1.38699 }]);
 * ```
 */
export function parseTicksCsv(text: string, instrument: string, limit = Infinity): Tick[] {
  const ticks: Tick[] = [];
  const lines = text.split("\n");
  for (let i = 1; i < lines.length && ticks.length < limit; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const [timestamp, bid, ask] = line.split(",");
    const time = Date.parse(timestamp);
    const b = Number(bid);
    const a = Number(ask);
    if (!Number.isFinite(time) || !Number.isFinite(b) || !Number.isFinite(a)) {
      throw new SyntaxError(
        `Cannot parse ticks: row ${i + 1} ${JSON.stringify(line)} is not timestamp,bid,ask`,
      );
    }
    ticks.push({ instrument, time, bid: b, ask: a });
  }
  return ticks;
}

/**
 * Reads a tick CSV file, gzipped or not (such as the bundled
 * `data/eurusd-ticks-2014-05-01_02.csv.gz`), with the fast reader of
 * `@agora/core/data`.
 *
 * @param path The file.
 * @param instrument The instrument of every tick.
 * @param limit The most ticks to read. Default: all.
 * @returns The ticks.
 * @throws {SyntaxError} When a row is malformed.
 *
 * @example Read the bundled sample
 * ```ts ignore
 * import { readTicksCsvGz } from "@agora/broker-oanda/testing";
 *
 * const ticks = await readTicksCsvGz("data/eurusd-ticks-2014-05-01_02.csv.gz", "EUR_USD", 1000);
 * ```
 */
export async function readTicksCsvGz(
  path: string | URL,
  instrument: string,
  limit = Infinity,
): Promise<Tick[]> {
  const ticks: Tick[] = [];
  if (!(limit > 0)) return ticks;
  for await (const tick of readTicks(path, { instrument })) {
    if (ticks.push(tick) >= limit) break;
  }
  return ticks;
}
