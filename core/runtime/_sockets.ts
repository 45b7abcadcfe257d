// The transport socket factory for agents that live inside the deploying
// process (the System's local agent): the project's own ZMTP transport.
import { Dealer, Pub, Pull, Push, Rep, Req, Router, Sub } from "../transport/mod.ts";
import type { SocketFactory, WireSocket, WireType } from "../agent/mod.ts";

const CLASSES = {
  PUB: Pub,
  SUB: Sub,
  PUSH: Push,
  PULL: Pull,
  REQ: Req,
  REP: Rep,
  DEALER: Dealer,
  ROUTER: Router,
};

/** Creates transport sockets for an in-process agent. */
export const localSockets: SocketFactory = (type: WireType, options) =>
  new CLASSES[type](options) as unknown as WireSocket;
