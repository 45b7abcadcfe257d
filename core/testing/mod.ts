/**
 * Test helpers for Agora packages: the broker conformance suite every
 * broker plugin runs in its own tests.
 *
 * @example List the numbered cases
 * ```ts
 * import { brokerConformanceCases } from "@agora/core/testing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(brokerConformanceCases().every((c, i) => Number(c.id) === i + 1));
 * ```
 *
 * @module
 */
export { brokerConformanceCases, runBrokerConformance } from "./broker_conformance.ts";
export type {
  BrokerCapabilities,
  BrokerConformanceOptions,
  BrokerHarness,
  ConformanceCase,
} from "./broker_conformance.ts";
