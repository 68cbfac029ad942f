/**
 * Wake-up cost across processes (decision 0166): an "api" queue wakes a "worker" queue's drain on one Redis prefix,
 * one wake-up per ~6 ms for 8 s; prints wake → drain start p50/p99/max, this process's CPU µs per wake-up (both queues
 * live here) and redis-server's. TREE=<a checkout> measures that tree's src (default: this one), e.g. main's bucket jobs:
 *   REDIS_URL=redis://127.0.0.1:6379 REDIS_PID=$(pgrep -x redis-server) TREE=/work/wt/x-base npx tsx bench/wake-cost.ts
 */
import { readFileSync } from 'node:fs';
const T = process.env.TREE ?? new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const { createBullmqQueue } = await import(`${T}/src/queue/bullmq-queue.ts`);
const { wakeDrain, drainHere } = await import(`${T}/src/queue/wake.ts`);
const redisPid = Number(process.env.REDIS_PID);
const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10_000; };
const prefix = `wk16${crypto.randomUUID().slice(0, 6)}`;
const api = createBullmqQueue(process.env.REDIS_URL!, { prefix });
const wrk = createBullmqQueue(process.env.REDIS_URL!, { prefix });
const pending: number[] = []; const lat: number[] = []; let runs = 0, kicks = 0;
const take = () => { const now = Date.now(); while (pending.length) lat.push(now - pending.shift()!); };
wrk.work('drain', async () => { runs++; take(); }, 2);
drainHere(wrk, () => { kicks++; take(); });
await new Promise(r => setTimeout(r, 1000));
const c0 = process.cpuUsage(); const r0 = ticks(redisPid); const t0 = Date.now(); let wakes = 0;
while (Date.now() - t0 < 8000) { pending.push(Date.now()); wakes++; await wakeDrain(api); await new Promise(r => setTimeout(r, 5)); }
await new Promise(r => setTimeout(r, 500));
const c = process.cpuUsage(c0); const rd = ticks(redisPid) - r0;
lat.sort((a, b) => a - b);
console.log(JSON.stringify({ tree: T, wakes, runs, kicks, p50: lat[lat.length >> 1], p99: lat[Math.floor(lat.length * 0.99)], max: lat.at(-1), nodeCpuUsPerWake: Math.round((c.user + c.system) / wakes), redisCpuUsPerWake: Math.round(rd / wakes) }));
await api.close();
await wrk.close();
process.exit(0);
