#!/usr/bin/env python3
"""gc21: one table row per run from the bench's console logs (/tmp/gc21/<name>.log), the BENCH_GC files
(/tmp/gc21/<name>-<pid>.jsonl: the app child is the one with the most scavenges) and gc21-loads.txt."""
import re, sys, glob, os, json
R = os.path.dirname(os.path.abspath(__file__))
T = os.environ.get('GC21_LOGS', '/tmp/gc21')
loads = open(f'{R}/gc21-loads.txt').read()
def load_of(name):
    s = ([None] + list(re.finditer(rf'^{re.escape(name)} start \S+ load (\S+)', loads, re.M)))[-1]
    e = ([None] + list(re.finditer(rf'^{re.escape(name)} end +\S+ load (\S+)', loads, re.M)))[-1]
    return f"{s.group(1) if s else '?'} → {e.group(1) if e else '?'}"
def step_gc(f):
    L = [json.loads(l) for l in open(f) if l.strip()]
    marks = []
    for l in L:
        if l.get('mark') and (not marks or l['t'] - marks[-1] > 50): marks.append(l['t'])
    if len(marks) < 2: return None
    i = max(range(len(marks) - 1), key=lambda i: marks[i + 1] - marks[i])
    a, b = marks[i], marks[i + 1]
    g = [l for l in L if not l.get('mark') and a <= l['t'] < b]
    mj = [l['ms'] for l in g if l['kind'] == 'major']
    mn = [l['ms'] for l in g if l['kind'] == 'minor']
    inc = [l['ms'] for l in g if l['kind'] == 'incremental']
    secs = sorted({int((l['t'] - a) // 1000) for l in g if l['kind'] == 'major'})
    return mj, mn, inc, secs
def row(name):
    t = open(f'{T}/{name}.log', errors='replace').read()
    a = re.search(r'reply +(\d+)/s app +answered (\d+)/(\d+) p50 ([\d.]+) ms p99 ([\d.]+) ms achieved ([\d.]+)/s .*?stmts ([\d.]+)/reply cpu (\d+) µs/reply \(net of idle (-?\d+).*?rss ([\d.]+) MiB.*?webhook ack p50/p99 ([\d.]+)/([\d.]+) ms', t)
    w = re.search(r'reply +\d+/s app +without the first 2 s p50/p99 ([\d.]+)/([\d.]+) ms; p99 per second ([\d ]+);', t)
    b = re.search(r'reply +\d+/s baseline answered .*?webhook ack p50/p99 ([\d.]+)/([\d.]+) ms', t)
    if not a: return f'| `{name}` ({load_of(name)}) | no result |'
    gcs = [x for x in (step_gc(f) for f in glob.glob(f'{T}/{name}-*.jsonl')) if x]
    gcs.sort(key=lambda x: len(x[1]), reverse=True)
    if gcs:
        mj, mn, inc, secs = gcs[0]
        gc = f"{len(mj)} ({', '.join(f'{x:g}' for x in mj)}) | {len(mn)} / {sum(mn):.0f} / {max(mn or [0]):g}"
        ps = [float(x) for x in w.group(3).split()]
        on = [ps[i] for i in secs if i < len(ps)]; off = sorted(ps[i] for i in range(len(ps)) if i not in secs)
        corr = f"{'/'.join(f'{x:g}' for x in on) or '–'} vs {off[len(off) // 2] if off else '–'}"
    else: gc, corr = '? | ?', '?'
    ack99, noop99 = float(a.group(12)), float(b.group(2)) if b else float('nan')
    return (f"| `{name}` ({load_of(name)}) | {a.group(4)} / {a.group(5)} | {w.group(2)} | {a.group(12)} ({noop99}; {ack99/noop99:.1f}×) "
            f"| {a.group(9)} | {gc} | {corr} | {a.group(10)} | {a.group(7)} | {a.group(6)} | {w.group(3)} |")
print('| run (load start → end) | p50 / p99 ms | p99 w/o first 2 s | ack p99 (no-op p99; ratio) | app µs/reply net | mark-compacts in step (pause ms) | scavenges n / sum / max ms | p99 of the seconds with a mark-compact vs median of the others | RSS MiB | stmts | achieved/s | p99 per second |')
print('| --- ' * 12 + '|')
for n in sys.argv[1:]: print(row(n))
