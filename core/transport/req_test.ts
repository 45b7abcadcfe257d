import assert from "assert";
import { Rep } from "./rep.ts";
import { Req } from "./req.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

for (const transport of ["tcp", "inproc"] as const) {
  Deno.test(`Req and Rep alternate 1,000 multipart round trips over ${transport}`, async () => {
    const rep = new Rep();
    await rep.bind(transport === "tcp" ? "tcp://127.0.0.1:0" : "inproc://req-rounds");
    const req = new Req();
    req.connect(rep.lastEndpoint!);
    const server = (async () => {
      for await (const [a, b] of rep) await rep.send([b, a]);
    })();
    let ok = 0;
    for (let i = 0; i < 1000; i++) {
      await req.send([String(i), "x"]);
      const reply = (await req.receive()).map(text);
      if (reply[0] === "x" && reply[1] === String(i)) ok++;
    }
    assert.equal(ok, 1000);
    req.close();
    rep.close();
    await server;
  });
}

Deno.test("Req enforces strict alternation", async () => {
  const req = new Req();
  req.connect("inproc://req-strict-nobody");
  await assert.rejects(req.receive(), /Cannot receive: a REQ socket must send a request first/);
  req.send("one");
  assert.throws(() => req.send("two"), /Cannot send: a REQ socket must receive the reply/);
  req.close();
});

Deno.test("Rep enforces strict alternation", async () => {
  const rep = new Rep();
  assert.throws(() => rep.send("x"), /Cannot send: a REP socket must receive a request/);
  const pending = rep.receive();
  await assert.rejects(rep.receive(), /Cannot receive: a REP socket must send the reply/);
  rep.close();
  await assert.rejects(pending, /the socket is closed/);
});

Deno.test("Rep answers each of two Req peers along its own envelope", async () => {
  const rep = new Rep();
  await rep.bind("tcp://127.0.0.1:0");
  const one = new Req();
  const two = new Req();
  one.connect(rep.lastEndpoint!);
  two.connect(rep.lastEndpoint!);
  await one.send("one");
  await two.send("two");
  for (let i = 0; i < 2; i++) {
    const [body] = await rep.receive();
    await rep.send(`re:${text(body)}`);
  }
  assert.equal(text((await one.receive())[0]), "re:one");
  assert.equal(text((await two.receive())[0]), "re:two");
  one.close();
  two.close();
  rep.close();
});
