// nep21: where V8 allocates a closure (young or old generation). Run: node --allow-natives-syntax [--no-turbofan] bench/nep21-closure-alloc.mjs
// A function literal assigned straight to a property (this.f = () => …) is pretenured by V8's parser: old space outside TurboFan code.
function plainFn() { let v = 1; return (x) => v + x; }
function plainCtor() { let v = 1; this.f = (x) => v + x; }
function withNew() { let v = 1; return new Promise((a) => { v = a; }) && ((x) => v + x); }
const objMethod = { m() { let v = 1; return (x) => v + x; } };
class K { m() { let v = 1; return (x) => v + x; } }
function count(name, make) { let old = 0; for (let i = 0; i < 5000; i++) if (!%InYoungGeneration(make())) old++; console.log(name, old, 'of 5000 old'); }
count('arrow in a plain function', plainFn);
count('arrow in a function used with new', () => new plainCtor().f);
count('arrow after new Promise', withNew);
count('arrow in an object method', () => objMethod.m());
count('arrow in a class method', () => new K().m());
count('function expression in plain fn', (() => { function g() { let v = 1; return function (x) { return v + x; }; } return g; })());
function young(f) { return f }
function A() { let v = 1; this.f = (x) => v + x; }
function B() { let v = 1; this.f = young((x) => v + x); }
function C() { let v = 1; const f = (x) => v + x; this.f = f; }
for (const [n, K] of [['this.f = () => …', A], ['this.f = young(() => …)', B], ['const f = () => …; this.f = f', C]]) { let old = 0; for (let i = 0; i < 5000; i++) if (!%InYoungGeneration(new K().f)) old++; console.log(n, old, 'of 5000 allocated old'); }
class Q extends Promise {
  constructor() { let resolve; super((a) => { resolve = a; }); this.resolve = (x) => resolve(x); }
}
class P {
  constructor() { let resolve; this.p = new Promise((a) => { resolve = a; }); this.resolve = (x) => resolve(x); }
}
class D extends Object {
  constructor() { super(); let v = 1; this.f = (x) => v + x; }
}
function run(C, name) {
  let old = 0, first = -1, runs = [];
  for (let i = 0; i < 20000; i++) { const q = new C(); const o = !%InYoungGeneration(q.resolve ?? q.f); if (o) { old++; if (first < 0) first = i; } }
  console.log(name, 'closures allocated old:', old, 'of 20000, first at', first);
}
run(Q, 'Promise subclass'); run(P, 'plain class holding a Promise'); run(D, 'derived (extends Object)');
