// The real socket factory: the project's ZMTP transport.
import { Dealer, Pub, Pull, Push, Rep, Req, Router, Sub } from "../transport/mod.ts";
import type { SocketFactory, WireSocket, WireType } from "./types.ts";

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

/** Creates transport sockets for the agent runtime. */
export const socketFactory: SocketFactory = (type: WireType, options) =>
  new CLASSES[type](options) as unknown as WireSocket;
