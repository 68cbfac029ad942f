// heap20: does a scavenge keep a WeakRef's target in this V8? run: node_modules/.bin/node --expose-gc bench/results/heap20-weakref-check.mjs
// Does a scavenge keep a WeakRef's target? (V8 of this node)
const refs = [];
function make() { for (let i = 0; i < 1000; i++) refs.push(new WeakRef({ i, pad: new Array(10).fill(i) })); }
make();
await new Promise((r) => setTimeout(r, 0)); // end the job that made them (KeepDuringJob)
gc({ type: 'minor' });
const afterMinor = refs.filter((r) => r.deref() !== undefined).length;
await new Promise((r) => setTimeout(r, 0));
gc({ type: 'minor' });
const afterMinor2 = refs.filter((r) => r.deref() !== undefined).length;
await new Promise((r) => setTimeout(r, 0));
gc();
const afterMajor = refs.filter((r) => r.deref() !== undefined).length;
console.log(process.version, process.versions.v8, { afterMinor, afterMinor2, afterMajor });
