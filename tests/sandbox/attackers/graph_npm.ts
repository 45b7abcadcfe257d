// Attacker: loads an npm package with a native addon. The graph check must refuse it.
import "zeromq";
