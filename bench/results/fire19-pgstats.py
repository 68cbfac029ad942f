#!/usr/bin/env python3
"""fire19: Postgres backend CPU per statement over the instant storm's firing span.
   fire19-pgstats.py <server log slice> <trace.jsonl> <bench log> [fired=18000]
The span is the last cluster of drain rounds in the SAISOKU_TRACE file (first start to last end); the database is the
bench app's (saisoku_bench_*, from the log slice's lines with 'duration:'); each statement's user+system CPU is the
'! system usage stats' detail log_statement_stats writes after it (BENCH_PG_STATS)."""
import collections, datetime, json, re, sys
logf, tracef, benchlog = sys.argv[1:4]
fired = int(sys.argv[4]) if len(sys.argv) > 4 else 18000
R = [json.loads(l) for l in open(tracef)]
R = [r for r in R if r['ev'] == 'round' and r['n'] >= 100]
cl = [[R[0]]]
for r in R[1:]:
    if r['t0'] - cl[-1][-1]['t'] > 5000: cl.append([])
    cl[-1].append(r)
c = cl[-1]; a = min(r['t0'] for r in c) / 1000; b = max(r['t'] for r in c) / 1000
head = re.compile(r'^(\S+ \S+) UTC \[(\d+)\] (\S*)@(\S*) ')
dur = re.compile(r'duration: ([\d.]+) ms\s+(parse|bind|execute|statement)(?: [^:]*)?: (.*)$')
u = re.compile(r'([\d.]+) s user, ([\d.]+) s system, ([\d.]+) s elapsed')
dbs = collections.Counter()
for line in open(logf, errors='replace'):
    h = head.match(line)
    if h and h.group(4).startswith('saisoku_bench_') and 'duration:' in line: dbs[h.group(4)] += 1
db = dbs.most_common(1)[0][0]
ts = lambda s: datetime.datetime.strptime(s, '%Y-%m-%d %H:%M:%S.%f').replace(tzinfo=datetime.timezone.utc).timestamp()
pend = {}; by = {}; last = None; lockcpu = []
for line in open(logf, errors='replace'):
    h = head.match(line)
    if h:
        if h.group(4) != db: last = None; continue
        t = ts(h.group(1)); last = h.group(2) if a <= t <= b else None
        if not last: continue
        d = dur.search(line)
        if d: pend[last] = [d.group(2), d.group(3).strip(), float(d.group(1))]
        continue
    if not last: continue
    p = pend.get(last); m = u.search(line)
    if p and not m and '!' not in line and len(p[1]) < 90: p[1] = p[1] + ' ' + line.strip()
    if m and p:
        cpu = float(m.group(1)) + float(m.group(2))
        k = (p[0], re.sub(r'"lk"|"conversations"', 'C', p[1])[:90]); x = by.setdefault(k, [0, 0.0, 0.0]); x[0] += 1; x[1] += cpu; x[2] += p[2]
        if p[0] == 'execute' and re.match(r'select ("conversations"|"lk")\."id", ("conversations"|"lk")\."debtor_id"', p[1]): lockcpu.append(cpu * 1000)
        del pend[last]
tot = sum(v[1] for v in by.values()); totd = sum(v[2] for v in by.values())
inst = [l for l in open(benchlog) if 'timers instant app:' in l]
print(f'{benchlog}: {inst[0].strip()[:200] if inst else ""}')
print(f'instant firing span {b - a:.2f} s ({len(c)} rounds, {sum(r["n"] for r in c)} fired); database {db}: backend CPU {tot:.2f} s, durations summed {totd / 1000:.2f} s; {tot / fired * 1e6:.0f} us CPU per fired timer')
ls = sorted(lockcpu)
if ls: print(f'the lock, CPU ms per execution: n {len(ls)}, p10 {ls[len(ls)//10]:.1f}, median {ls[len(ls)//2]:.1f}, p90 {ls[int(len(ls)*.9)]:.1f}, sum {sum(ls):.0f}')
print('us CPU per fired timer | avg duration ms | executions | message | statement (C = the conversations / the lock\'s inner select)')
for k, v in sorted(by.items(), key=lambda x: -x[1][1])[:24]:
    print(f'{v[1] * 1e6 / fired:7.1f} | {v[2] / v[0]:7.2f} | {v[0]:5d} | {k[0]:9s} | {k[1]}')
