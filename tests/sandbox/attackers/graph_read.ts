// Attacker: reads a file through the module loader, which permissions do not
// govern: a literal text import. The supervisor's graph check must refuse it.
const { default: passwd } = await import("file:///etc/passwd", { with: { type: "text" } });
console.log(passwd);
