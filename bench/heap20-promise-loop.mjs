// heap20: promises alone — a Promise subclass (like postgres.js's Query) resolved a turn later with a 3-row array, 1,400/s
class Q extends Promise { constructor(ex) { let res; super((r) => { res = r; }); this.resolve = res; this.args = ex; } static get [Symbol.species]() { return Promise; } }
const rate = Number(process.argv[2] ?? 1400), seconds = 10;
let done = 0, i = 0;
const t0 = performance.now();
console.error(`loop start ${Math.round(t0)}`);
await new Promise((resolve) => {
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; i < due; i++) {
      const q = new Q([i, 'x'.repeat(50)]);
      q.then(() => done++);
      setImmediate(() => q.resolve([{ a: i, s: 'y'.repeat(50) }, { a: i + 1 }, { a: i + 2 }]));
    }
    if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 5); else resolve();
  };
  tick();
});
console.error(`loop end ${Math.round(performance.now())}: ${i} sent, ${done} answered`);
