// A default agent is a least-privilege process: loopback networking only.
// Run with: deno test -A tests/agent/sandbox_test.ts
import assert from "assert";
import { encode } from "@msgpack/msgpack";
import { runAgent, runNameServer } from "@agora/core/agent";
import { Dealer } from "@agora/core/transport";
import { alive } from "./_helpers.ts";

Deno.test("a default agent gets NotCapable for file, env, subprocess and foreign network access", async () => {
  const ns = await runNameServer();
  try {
    const agent = await runAgent("Sandboxed", { nameserver: ns.addr });
    const attempts: Record<string, (agent: unknown) => unknown> = {
      read: () => Deno.readTextFile("/etc/hostname"),
      write: () => Deno.writeTextFile("/tmp/agora-sandbox-test", "x"),
      env: () => Deno.env.get("HOME"),
      run: () => new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output(),
      net: () => Deno.connect({ hostname: "10.255.255.1", port: 80 }),
      ffi: () => Deno.dlopen("libc.so.6", {}),
      sys: () => Deno.hostname(),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      await assert.rejects(agent.execute(attempt), { name: "NotCapable" }, what);
    }
    // ...but loopback networking works.
    assert.equal(
      await agent.execute(() => {
        const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
        listener.close();
        return "listened";
      }),
      "listened",
    );
  } finally {
    await ns.shutdown();
  }
});

Deno.test("the system secret is on no command line and in no environment", async () => {
  const ns = await runNameServer({ secret: "S3CRET-for-this-test-only" });
  try {
    const agent = await runAgent("Quiet", { nameserver: ns.addr });
    const pid = agent.pid!;
    assert.ok(alive(pid));
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    const environ = Deno.readTextFileSync(`/proc/${pid}/environ`);
    assert.equal(cmdline.includes("S3CRET"), false);
    assert.equal(environ.includes("S3CRET"), false);
    assert.ok(cmdline.includes("--allow-net=127.0.0.1\0"));
    assert.ok(cmdline.includes("--no-prompt\0"));
    assert.equal(/--allow-(read|write|env|run|ffi|sys|all)/.test(cmdline), false);
    assert.equal(`${ns.addr}`.includes("S3CRET"), false);
    assert.equal(JSON.stringify({ ns: ns.addr }).includes("S3CRET"), false);
  } finally {
    await ns.shutdown();
  }
});

/**
 * Sends one control request over ZMTP (a DEALER, PLAIN with `secret` when
 * given, else the NULL mechanism) and returns what came back: the reply
 * body, or the refusal the transport reported.
 */
async function rawRequest(
  endpoint: string,
  request: { secret?: string; [key: string]: unknown },
): Promise<string> {
  const { secret, ...body } = request;
  let refused!: (message: string) => void;
  const refusal = new Promise<string>((resolve) => (refused = resolve));
  const dealer = new Dealer({
    ...(secret === undefined ? {} : { plain: { username: "intruder", password: secret } }),
    logger: (event) => {
      if (event.level !== "debug") refused(`${event.type}: ${event.message}`);
    },
  });
  try {
    dealer.connect(endpoint);
    dealer.send(encode(body)).catch(() => {});
    const reply = dealer.receive().then(([bytes]) => new TextDecoder().decode(bytes));
    reply.catch(() => {});
    return await Promise.race([reply, refusal]);
  } finally {
    dealer.close();
  }
}

Deno.test("a control request without the secret is refused and logged; the endpoint is loopback", async () => {
  const ns = await runNameServer();
  try {
    const agent = await runAgent("Guarded", { nameserver: ns.addr });
    assert.ok(agent.endpoint.startsWith("tcp://127.0.0.1:"));
    assert.ok(ns.addr.endpoint.startsWith("tcp://127.0.0.1:"));
    const body = { id: 7, op: "call", args: ["setAttr", "pwned", true] };
    const reply = await rawRequest(agent.endpoint, body);
    assert.ok(reply.startsWith("handshake-error: security mechanism mismatch"), reply);
    const wrong = await rawRequest(agent.endpoint, { ...body, secret: "guess" });
    assert.equal(
      wrong,
      'handshake-error: peer refused: PLAIN credentials rejected for user "intruder"',
    );
    await assert.rejects(agent.getAttr("pwned"), { name: "ReferenceError" });
    assert.equal(await agent.getAttr("refusedControlRequests"), 2);
    const nsReply = await rawRequest(ns.addr.endpoint, { id: 1, op: "agents", args: [] });
    assert.ok(nsReply.startsWith("handshake-error: security mechanism mismatch"), nsReply);
  } finally {
    await ns.shutdown();
  }
});
