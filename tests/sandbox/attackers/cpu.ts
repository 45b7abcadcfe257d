// Attacker: spins the CPU forever; the supervisor's CPU-time watchdog must kill it.
console.log("spinning");
let x = 0;
for (;;) x = (x + 1) % 1_000_003;
