// heap20: Node's TCP socket alone (no postgres.js) — does it show scavenge-only promotion? run with --trace-gc:
//   node --trace-gc bench/heap20-sock-loop.mjs [rate=1400] [seconds=10] [mode=write|nowrite]
// An echo server in a child process; this process writes `rate` 120-byte messages a second on 10 sockets and reads the echoes.
import { fork } from 'node:child_process';
import net from 'node:net';
if (process.argv[2] === 'server') {
  const s = net.createServer((c) => c.pipe(c)).listen(0, '127.0.0.1', () => process.send(s.address().port));
} else {
  const rate = Number(process.argv[2] ?? 1400), seconds = Number(process.argv[3] ?? 10);
  const child = fork(new URL(import.meta.url).pathname, ['server'], { execArgv: [] });
  const port = await new Promise((r) => child.once('message', r));
  const socks = await Promise.all(Array.from({ length: 10 }, () => new Promise((r) => { const c = net.connect(port, '127.0.0.1', () => r(c)); })));
  let got = 0;
  for (const c of socks) c.on('data', (b) => { got += b.length; });
  const t0 = performance.now(); let i = 0;
  console.error(`loop start ${Math.round(t0)}`);
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate);
      for (; i < due; i++) socks[i % 10].write(Buffer.from(`message ${i} `.padEnd(120, 'x')));
      if (performance.now() - t0 < seconds * 1000) setTimeout(tick, 5); else resolve();
    };
    tick();
  });
  console.error(`loop end ${Math.round(performance.now())}: ${i} sent, ${got} bytes back`);
  for (const c of socks) c.destroy();
  child.kill();
}
