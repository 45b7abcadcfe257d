// Attacker: allocates without bound; the V8 heap limit must kill it.
const hoard: number[][] = [];
for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
