// Generator-only cost (decision 0161): openLoop from the given tree against a bare node:http server in another process.
// npx tsx bench/gen-cost.ts <tree, e.g. /work/wt/gen14> [rates=200,1000] [seconds=5]
import { spawn } from 'node:child_process';
const tree = process.argv[2]!;
const rates = (process.argv[3] ?? '200,1000').split(',').map(Number);
const secs = Number(process.argv[4] ?? 5);
const { openLoop } = await import(`${tree}/bench/lib/loadgen.ts`);
const srv = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,{'content-type':'text/xml'});s.end('<Response/>')})}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((r) => srv.stdout!.once('data', (d: Buffer) => r(Number(String(d).trim()))));
const body = 'x'.repeat(600);
for (const rate of rates) {
  const c0 = process.cpuUsage();
  const r = await openLoop({ origin: `http://127.0.0.1:${port}`, rate, durationS: secs, build: () => ({ path: '/w', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }) });
  const c = process.cpuUsage(c0);
  console.log(`${tree.split('/').pop()} ${rate}/s: generator CPU ${Math.round((c.user + c.system) / r.sent)} µs/request; lag p50/p99/max ${r.sendLagP50Ms}/${r.sendLagP99Ms}/${r.sendLagMaxMs} ms; p50/p99 ${r.p50Ms}/${r.p99Ms} ms; achieved ${r.achievedRps}/s`);
}
srv.kill();
