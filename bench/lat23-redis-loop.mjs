// lat23 (decision 0184): ioredis / BullMQ alone, no app — what a Redis command promotes, patched or not. Run with --trace-gc-nvp:
//   REDIS_URL=… node --trace-gc-nvp bench/lat23-redis-loop.mjs [mode=ioredis|bullmq] [rate=1000] [seconds=8]
// The copy of this file in a tree whose node_modules are unpatched measures the unpatched packages (module
// resolution starts at the file). Open loop, `rate` operations a second:
//   ioredis: one Lua script command (defineCommand, EVALSHA; a 200-byte reply), one GET (a 300-byte value) and one
//            MULTI of two commands — 4 commands an operation;
//   bullmq:  one Queue.add of a small job that a Worker (concurrency 8, own connection) runs as a no-op.
// Read with bench/results/nep21-nvp.py (B promoted per operation: "statement" there).
import { Redis } from 'ioredis';

const mode = process.argv[2] ?? 'ioredis';
const rate = Number(process.argv[3] ?? 1000);
const seconds = Number(process.argv[4] ?? 8);
const url = process.env.REDIS_URL;
const prefix = `lat23loop${process.pid}`;
const redis = new Redis(url, { maxRetriesPerRequest: null });
let op;
let close = async () => {};
if (mode === 'ioredis') {
  redis.defineCommand('lat23Loop', { numberOfKeys: 1, lua: "redis.call('incr', KEYS[1]); return string.rep('y', 200)" });
  await redis.set(`${prefix}:v`, 'x'.repeat(300));
  op = (i) => Promise.all([redis.lat23Loop(`${prefix}:n`), redis.get(`${prefix}:v`), redis.multi().incr(`${prefix}:m`).get(`${prefix}:v`).exec()]);
} else {
  const { Queue, Worker } = await import('bullmq');
  const wredis = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('loop', { connection: redis, prefix, defaultJobOptions: { removeOnComplete: true } });
  const worker = new Worker('loop', async () => {}, { connection: wredis, prefix, concurrency: 8 });
  await worker.waitUntilReady();
  op = (i) => queue.add('loop', { conversationId: `c-${i}`, at: Date.now() });
  close = async () => {
    await worker.close();
    await queue.close();
    wredis.disconnect();
  };
}
for (let i = 0; i < 200; i++) await op(-i); // warm: scripts loaded, code compiled
let done = 0;
const t0 = performance.now();
console.error(`loop start ${Math.round(t0)}`);
let i = 0;
await new Promise((resolve) => {
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; i < due; i++) op(i).then(() => done++);
    if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 5);
    else resolve();
  };
  tick();
});
console.error(`loop end ${Math.round(performance.now())}: ${i} sent, ${done} answered`);
await new Promise((r) => setTimeout(r, 500));
await close();
const keys = await redis.keys(`${prefix}*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();
