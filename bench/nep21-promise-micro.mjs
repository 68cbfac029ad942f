// nep21 micro: a Promise subclass shaped like postgres.js Query, resolved later from a FIFO, 1,400/s; V=full|bare|direct|arrow0|arrowthis. Run with --trace-gc-nvp; read with bench/results/nep21-nvp.py.
// micro variants of a Promise subclass resolved later from a FIFO. V selects the shape.
const V = process.env.V ?? 'full';
class Q extends Promise {
  constructor(args) {
    let resolve, reject;
    super((a, b) => { resolve = a; reject = b; });
    if (V === 'bare') { this.resolve = resolve; return; }
    if (V === 'direct') { this.resolve = resolve; this.args = args; this.a1 = null; this.a2 = null; this.a3 = null; this.a4 = null; this.a5 = null; this.a6 = null; this.a7 = null; this.a8 = null; this.a9 = null; this.a10 = null; this.a11 = null; this.a12 = null; return; }
    if (V === 'arrow0') { this.resolve = (x) => resolve(x); return; }
    if (V === 'arrowthis') { this.resolve = (x) => (this.active = false, resolve(x)); return; }
    this.args = args; this.a1 = null; this.a2 = null; this.a3 = null; this.a4 = null; this.a5 = null; this.a6 = null; this.a7 = null; this.a8 = null; this.a9 = null; this.a10 = null; this.a11 = null; this.a12 = null;
    this.resolve = (x) => (this.active = false, resolve(x));
  }
  static get [Symbol.species]() { return Promise; }
}
const rate = Number(process.argv[2] ?? 1400), seconds = Number(process.argv[3] ?? 6);
let i = 0, done = 0; const sent = [];
const t0 = performance.now();
console.error(`loop start ${Math.round(t0)}`);
const answer = () => { while (sent.length) { const q = sent.shift(); q.resolve([{ a: 1, s: 'y'.repeat(50) }, { a: 2 }, { a: 3 }]); done++; } };
await new Promise((resolve) => {
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; i < due; i++) sent.push(new Q([i, 'x']));
    setImmediate(answer);
    if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 5); else resolve();
  };
  tick();
});
console.error(`loop end ${Math.round(performance.now())}: ${i} sent, ${done} answered`);
