/**
 * Micro benchmarks, in process, alternating variants with the order reversed each round:
 *  - rules classification µs per reply over test/fixtures/replies.*.jsonl
 *  - xstate transition() on the compiled standard-ja flow vs a long-lived actor's send()
 *  - Hono parseBody() vs c.req.text() + URLSearchParams on a Twilio-shaped body (app.fetch, no sockets)
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Hono } from 'hono';
import { createActor, initialTransition, transition } from 'xstate';
import { classifyByRules, createLocalClassifier } from '../../src/classify';
import { compileFlow } from '../../src/conversation/compile';
import { validateFlow } from '../../src/conversation/validate';
import { orderFor, percentile, round, sortNumbers, summarise } from '../lib/stats';
import { inboundParams, type TwilioCreds } from '../lib/twilio-body';

const root = new URL('../../', import.meta.url);

export function loadReplies(): Array<{ text: string; locale: 'ja' | 'en'; now: string; timezone: string; intent: string }> {
  return ['ja', 'en'].flatMap((l) =>
    readFileSync(new URL(`test/fixtures/replies.${l}.jsonl`, root), 'utf8')
      .split('\n')
      .filter((x) => x.trim())
      .map((x) => JSON.parse(x)),
  );
}

/** Runs fn in batches until `minMs` has passed or `maxOps` ops are done; µs per op. */
async function timeIt(fn: () => unknown | Promise<unknown>, opsPerCall: number, minMs: number, maxOps: number): Promise<number> {
  let ops = 0;
  const t0 = performance.now();
  while (ops < maxOps && performance.now() - t0 < minMs) {
    const r = fn();
    if (r instanceof Promise) await r;
    ops += opsPerCall;
  }
  return ((performance.now() - t0) * 1000) / ops;
}

export interface MicroOptions {
  rounds: number;
  minMs: number;
  log: (s: string) => void;
}

export async function runMicro(creds: TwilioCreds, o: MicroOptions) {
  // 1. Rules classification.
  const replies = loadReplies();
  const classifyAll = () => {
    for (const r of replies) classifyByRules({ text: r.text, locale: r.locale, now: r.now, timezone: r.timezone });
  };
  const ja = replies.filter((r) => r.locale === 'ja');
  const en = replies.filter((r) => r.locale === 'en');
  const classifySet = (set: typeof replies) => () => {
    for (const r of set) classifyByRules({ text: r.text, locale: r.locale, now: r.now, timezone: r.timezone });
  };
  await timeIt(classifyAll, replies.length, 300, 200_000); // warm-up
  const cls: Record<string, number[]> = { all: [], ja: [], en: [] };
  for (let r = 0; r < o.rounds; r++) {
    for (const k of orderFor(['ja', 'en'] as const, r)) cls[k]!.push(await timeIt(classifySet(k === 'ja' ? ja : en), k === 'ja' ? ja.length : en.length, o.minMs, 500_000));
    cls.all!.push(await timeIt(classifyAll, replies.length, o.minMs, 500_000));
  }
  const classification = {
    replies: replies.length,
    usPerReply: summarise(cls.all!),
    usPerReplyJa: summarise(cls.ja!),
    usPerReplyEn: summarise(cls.en!),
  };
  o.log(`micro: classifyByRules ${classification.usPerReply.median} µs/reply (ja ${classification.usPerReplyJa.median}, en ${classification.usPerReplyEn.median})`);

  // 1b. The tiers the engine uses without an LLM (keywords → rules → trained model), per call:
  // the golden replies plus the harder held-out-5 lines, timed one by one for percentiles.
  const local = createLocalClassifier();
  const hard = ['ja', 'en'].flatMap((l) =>
    readFileSync(new URL(`test/fixtures/holdout-5.${l}.jsonl`, root), 'utf8')
      .split('\n')
      .filter((x) => x.trim())
      .map((x) => JSON.parse(x) as (typeof replies)[number]),
  );
  const tierSet = [...replies, ...hard];
  for (const r of tierSet) local({ text: r.text, locale: r.locale, now: r.now, timezone: r.timezone }); // warm-up
  // Wall time per call includes being descheduled on a loaded machine; CPU time (process.cpuUsage,
  // this thread's user+system µs) is what the classification itself costs. Both are reported.
  const wall: number[] = [];
  const cpu: number[] = [];
  // speed10: each line's best CPU time over the rounds too. On this shared 2-core VM the top 1 % of single calls are
  // short lines taking 3–10 ms of "CPU" at random (different lines each run, with or without a larger young generation
  // or a single-threaded V8), i.e. the machine, not the line; the per-line best is what the classifier itself costs.
  const bestCpu = new Float64Array(tierSet.length).fill(Infinity);
  for (let round_ = 0; round_ < Math.max(3, o.rounds); round_++) {
    for (let i = 0; i < tierSet.length; i++) {
      const r = tierSet[i]!;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      local({ text: r.text, locale: r.locale, now: r.now, timezone: r.timezone });
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      wall.push((t1 - t0) * 1000);
      cpu.push(c1.user + c1.system);
      if (c1.user + c1.system < bestCpu[i]!) bestCpu[i] = c1.user + c1.system;
    }
  }
  const b = sortNumbers(bestCpu);
  const w = sortNumbers(wall);
  const c = sortNumbers(cpu);
  const pc = (xs: Float64Array, p: number) => round(percentile(xs, p), 1);
  const tiered = {
    replies: tierSet.length,
    calls: wall.length,
    p50Us: pc(w, 50), p99Us: pc(w, 99), p999Us: pc(w, 99.9), maxUs: round(w[w.length - 1] ?? NaN, 1),
    cpuP50Us: pc(c, 50), cpuP99Us: pc(c, 99), cpuP999Us: pc(c, 99.9),
    bestOfRounds: Math.max(3, o.rounds), bestCpuP50Us: pc(b, 50), bestCpuP99Us: pc(b, 99), bestCpuMaxUs: round(b[b.length - 1] ?? NaN, 1),
  };
  o.log(`micro: keywords+rules+model per reply: wall p50 ${tiered.p50Us} µs, p99 ${tiered.p99Us} µs, p99.9 ${tiered.p999Us} µs, max ${tiered.maxUs} µs; CPU p50 ${tiered.cpuP50Us} µs, p99 ${tiered.cpuP99Us} µs, p99.9 ${tiered.cpuP999Us} µs (${tiered.calls} calls); per line best of ${tiered.bestOfRounds}: CPU p50 ${tiered.bestCpuP50Us} µs, p99 ${tiered.bestCpuP99Us} µs, max ${tiered.bestCpuMaxUs} µs`);

  // 2. xstate: pure transition() vs a long-lived actor's send(), same events, same flow.
  const v = validateFlow(readFileSync(new URL('flows/standard-ja.yaml', root), 'utf8'));
  if (!v.ok) throw new Error(`flows/standard-ja.yaml does not validate: ${JSON.stringify(v.issues.slice(0, 3))}`);
  const machine = compileFlow(v.flow);
  const input = { locale: 'ja', timezone: 'Asia/Tokyo', currency: 'JPY', amount: 12000, dueDate: '2026-11-21', variant: 0 };
  const [snap0] = initialTransition(machine, input as never);
  const now = '2026-11-20T01:00:00.000Z';
  // Both events keep the conversation in active.dunning (send a template, reset a counter), so the loop is stable.
  const events = [{ type: 'help', now }, { type: 'pay', now }];
  let snap = snap0;
  let k = 0;
  const pure = () => {
    const [next] = transition(machine, snap, events[k++ & 1] as never);
    snap = next;
  };
  const persisted = machine.getPersistedSnapshot(snap0);
  // What the engine does per event: restore the persisted snapshot, transition, persist again.
  const engine = () => {
    const s = machine.resolveState(JSON.parse(JSON.stringify(persisted)) as never);
    const [next] = transition(machine, s, events[k++ & 1] as never);
    machine.getPersistedSnapshot(next);
  };
  const actor = createActor(machine, { input: input as never });
  actor.start();
  const send = () => actor.send(events[k++ & 1] as never);
  const stateAfter = () => JSON.stringify(snap.value);
  for (const f of [pure, engine, send]) await timeIt(f, 1, 200, 100_000);
  const xs: Record<string, number[]> = { transition: [], engine: [], send: [] };
  const ratioTS: number[] = [];
  const variants = { transition: pure, engine, send } as const;
  for (let r = 0; r < o.rounds; r++) {
    const got: Record<string, number> = {};
    for (const name of orderFor(['transition', 'send', 'engine'] as const, r)) {
      got[name] = await timeIt(variants[name], 1, o.minMs, 200_000);
      xs[name]!.push(got[name]!);
    }
    ratioTS.push(got.transition! / got.send!);
  }
  actor.stop();
  const xstate = {
    state: stateAfter(),
    transitionUs: summarise(xs.transition!),
    actorSendUs: summarise(xs.send!),
    restoreTransitionPersistUs: summarise(xs.engine!),
    'transition/send': summarise(ratioTS),
  };
  o.log(`micro: xstate transition() ${xstate.transitionUs.median} µs, actor.send() ${xstate.actorSendUs.median} µs, ratio ${xstate['transition/send'].median}; restore+transition+persist ${xstate.restoreTransitionPersistUs.median} µs`);

  // 3. Hono body parsing, in process.
  const app = new Hono()
    .post('/text', async (c) => {
      const f = new URLSearchParams(await c.req.text());
      return c.text(f.get('MessageSid') ?? '');
    })
    .post('/parse', async (c) => {
      const f = await c.req.parseBody();
      return c.text(String(f['MessageSid'] ?? ''));
    });
  const body = new URLSearchParams(inboundParams(creds, 'SM' + 'a'.repeat(32), '+819012345678', '払いました')).toString();
  const call = (path: string) => async () => {
    const res = await app.fetch(new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
    await res.text();
  };
  const text = call('/text');
  const parse = call('/parse');
  for (const f of [text, parse]) await timeIt(f, 1, 200, 50_000);
  const hb: Record<string, number[]> = { text: [], parse: [] };
  const ratioPT: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const got: Record<string, number> = {};
    for (const name of orderFor(['text', 'parse'] as const, r)) {
      got[name] = await timeIt(name === 'text' ? text : parse, 1, o.minMs, 100_000);
      hb[name]!.push(got[name]!);
    }
    ratioPT.push(got.parse! / got.text!);
  }
  const hono = { textUs: summarise(hb.text!), parseBodyUs: summarise(hb.parse!), 'parseBody/text': summarise(ratioPT) };
  o.log(`micro: Hono in-process text()+URLSearchParams ${hono.textUs.median} µs, parseBody() ${hono.parseBodyUs.median} µs, ratio ${hono['parseBody/text'].median}`);
  return { classification, tiered, xstate, hono, rounds: o.rounds, note: round(o.minMs, 0) + ' ms per measurement' };
}
