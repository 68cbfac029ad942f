// heap20: FinalizationRegistry callbacks after scavenges vs a full GC. run: node_modules/.bin/node --expose-gc bench/results/heap20-finreg-check.mjs
// Does a scavenge keep a FinalizationRegistry target, or a WeakMap key's entry? (V8 of this node)
const fr = new FinalizationRegistry(() => {});
const wm = new WeakMap();
const a = [], b = [];
for (let i = 0; i < 1000; i++) { const o = { i }; fr.register(o, i); a.push(new WeakRef(o)); }
for (let i = 0; i < 1000; i++) { const k = { i }; wm.set(k, { v: i }); }
await new Promise((r) => setTimeout(r, 0));
gc({ type: 'minor' }); await new Promise((r) => setTimeout(r, 0)); gc({ type: 'minor' });
// the WeakRefs themselves keep targets in a scavenge, so test FinalizationRegistry without them:
const fr2 = new FinalizationRegistry(() => {}); let collected = 0;
const fr3 = new FinalizationRegistry(() => { collected++; });
for (let i = 0; i < 1000; i++) fr3.register({ i }, i);
await new Promise((r) => setTimeout(r, 0));
gc({ type: 'minor' }); await new Promise((r) => setTimeout(r, 10)); gc({ type: 'minor' }); await new Promise((r) => setTimeout(r, 50));
console.log('FinalizationRegistry targets collected by two scavenges:', collected);
gc(); await new Promise((r) => setTimeout(r, 50));
console.log('after a full GC:', collected);
