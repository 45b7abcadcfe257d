import assert from "assert";
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, FrameDecoder, FrameEncoder } from "./_frame_codec.ts";
import { parseGreeting } from "./_greeting.ts";
import { parseCommand, parseHello, parseMetadata } from "./_command.ts";

/** A small seeded PRNG (mulberry32) so the fuzz runs are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeAll(decoder: FrameDecoder): { flags: number; body: number[] }[] {
  const out: { flags: number; body: number[] }[] = [];
  while (decoder.next() === 1) out.push({ flags: decoder.flags, body: [...decoder.body] });
  return out;
}

Deno.test("FrameEncoder.frame() writes a short frame as flags, 1-byte size, body", () => {
  const enc = new FrameEncoder();
  enc.frame(new Uint8Array([7, 8, 9]), FLAG_MORE);
  assert.deepEqual([...enc.view()], [1, 3, 7, 8, 9]);
});

Deno.test("FrameEncoder.frame() writes a 256-byte frame with the LONG flag and an 8-byte size", () => {
  const enc = new FrameEncoder(4);
  enc.frame(new Uint8Array(256).fill(5), 0);
  const bytes = enc.view();
  assert.deepEqual([...bytes.subarray(0, 9)], [FLAG_LONG, 0, 0, 0, 0, 0, 0, 1, 0]);
  assert.equal(bytes.length, 9 + 256);
  assert.equal(bytes[264], 5);
});

Deno.test("FrameEncoder.text() encodes ASCII and non-ASCII strings as UTF-8", () => {
  const enc = new FrameEncoder();
  enc.text("ab", 0);
  enc.text("é€", FLAG_MORE);
  enc.text("x".repeat(300), 0);
  const dec = new FrameDecoder(1024);
  dec.push(enc.view());
  const frames = decodeAll(dec);
  assert.deepEqual(frames[0], { flags: 0, body: [97, 98] });
  assert.deepEqual(frames[1], { flags: FLAG_MORE, body: [0xc3, 0xa9, 0xe2, 0x82, 0xac] });
  assert.equal(frames[2].body.length, 300);
  assert.equal(frames[2].flags, FLAG_LONG);
});

Deno.test("FrameDecoder.next() decodes frames split at every byte boundary", () => {
  const enc = new FrameEncoder();
  enc.frame(new Uint8Array([1]), FLAG_MORE);
  enc.frame(new Uint8Array(300).fill(2), 0);
  enc.frame(new Uint8Array([5, 5]), FLAG_COMMAND);
  const bytes = enc.view().slice();
  for (let cut = 0; cut <= bytes.length; cut++) {
    const dec = new FrameDecoder(1000, 64);
    dec.push(bytes.subarray(0, cut));
    const first = decodeAll(dec);
    dec.push(bytes.subarray(cut));
    const frames = [...first, ...decodeAll(dec)];
    assert.equal(frames.length, 3, `cut at ${cut}`);
    assert.equal(frames[1].body.length, 300);
    assert.deepEqual(frames[2], { flags: FLAG_COMMAND, body: [5, 5] });
    assert.equal(dec.buffered, 0);
  }
});

Deno.test("FrameDecoder.next() keeps earlier bodies intact while reading more (zero-copy views)", () => {
  const dec = new FrameDecoder(1 << 20, 32);
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < 50; i++) {
    const enc = new FrameEncoder();
    enc.frame(new Uint8Array(20).fill(i), 0);
    dec.push(enc.view());
    while (dec.next() === 1) bodies.push(dec.body);
  }
  assert.equal(bodies.length, 50);
  bodies.forEach((b, i) => assert.ok(b.every((x) => x === i)));
});

Deno.test("FrameDecoder.next() reports a frame larger than maxFrameSize as an error", () => {
  const dec = new FrameDecoder(100);
  dec.push(new Uint8Array([FLAG_LONG, 0, 0, 0, 0, 0, 0, 0, 101]));
  assert.equal(dec.next(), -1);
  assert.equal(dec.error, "frame of 101 bytes exceeds maxMessageSize 100");
});

Deno.test("FrameDecoder.next() reports reserved flag bits and a 64-bit size as errors", () => {
  const bad = new FrameDecoder(100);
  bad.push(new Uint8Array([0x08, 0]));
  assert.equal(bad.next(), -1);
  assert.match(bad.error, /reserved flag bits/);
  const huge = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  huge.push(new Uint8Array([FLAG_LONG, 0xff, 0, 0, 0, 0, 0, 0, 1]));
  assert.equal(huge.next(), -1);
  assert.match(huge.error, /53 bits/);
});

Deno.test("FrameDecoder.next() waits for more bytes on a truncated frame", () => {
  const dec = new FrameDecoder(100);
  dec.push(new Uint8Array([0, 10, 1, 2, 3]));
  assert.equal(dec.next(), 0);
  assert.equal(dec.buffered, 5);
});

Deno.test("FrameDecoder and the command parsers survive 20,000 random and mutated inputs", () => {
  const random = prng(0xa90a);
  const valid = new FrameEncoder();
  valid.frame(new Uint8Array([5, ...new TextEncoder().encode("READY"), 11, 83]), FLAG_COMMAND);
  valid.frame(new Uint8Array(40).fill(1), FLAG_MORE);
  valid.frame(new Uint8Array(300).fill(2), 0);
  const seed = valid.view().slice();
  let frames = 0;
  let errors = 0;
  for (let iteration = 0; iteration < 20_000; iteration++) {
    let input: Uint8Array;
    if (iteration % 2 === 0) {
      input = new Uint8Array(Math.floor(random() * 64));
      for (let i = 0; i < input.length; i++) input[i] = Math.floor(random() * 256);
    } else {
      input = seed.slice(0, 1 + Math.floor(random() * seed.length));
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      }
    }
    const dec = new FrameDecoder(1024, 128);
    // feed in random-size chunks; every call must return 1, 0 or -1 within bounded steps
    let at = 0;
    let steps = 0;
    let failed = false;
    while (at < input.length && !failed) {
      const n = 1 + Math.floor(random() * 16);
      dec.push(input.subarray(at, at + n));
      at += n;
      let r: number;
      while ((r = dec.next()) === 1) {
        frames++;
        assert.ok(++steps < 10_000);
        if (dec.flags & FLAG_COMMAND) {
          const cmd = parseCommand(dec.body);
          if (typeof cmd !== "string") {
            parseMetadata(cmd.data);
            parseHello(cmd.data);
          }
        }
      }
      assert.ok(r === 0 || r === -1);
      if (r === -1) {
        assert.ok(dec.error.length > 0);
        errors++;
        failed = true;
      }
    }
    const greeting = parseGreeting(
      input.length >= 64 ? input : new Uint8Array(64).fill(input[0] ?? 0),
    );
    assert.ok(typeof greeting === "string" || greeting.major >= 3);
  }
  assert.ok(frames > 0);
  assert.ok(errors > 0);
});

Deno.test("FrameDecoder.space() grows with the bytes received, not with the announced size", () => {
  const dec = new FrameDecoder(1 << 30, 1024);
  dec.push(new Uint8Array([FLAG_LONG, 0, 0, 0, 0, 0x10, 0, 0, 0])); // announces 256 MiB
  assert.equal(dec.next(), 0);
  assert.ok(dec.space().length < 64 * 1024);
  const body = new Uint8Array(100_000).fill(9);
  dec.push(body);
  assert.equal(dec.next(), 0);
  assert.ok(dec.space().length < 1 << 20);
});
