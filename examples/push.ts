/**
 * The Pusher class of `push_pull_class.ts`: binds its PUSH socket in
 * `onInit` and sends every second. The agent process imports this module by
 * URL and uses its **default export** (a module may instead export exactly
 * one class extending `Agent`).
 *
 * @module
 */
import { Agent } from "../mod.ts";

/** An agent that binds a PUSH socket as it starts. */
export default class Pusher extends Agent {
  override async onInit(): Promise<void> {
    await this.bind("PUSH", { alias: "push" });
    this.each(1000, (agent) => agent.send("push", "Hello, world!"));
  }
}
