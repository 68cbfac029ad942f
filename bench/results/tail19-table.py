#!/usr/bin/env python3
"""tail19: one table row per run from the bench's console logs (bench/results/tail19-<name>.log) and the loads log."""
import re, sys, glob, os
R = os.path.dirname(os.path.abspath(__file__))
loads = open(f'{R}/tail19-loads.txt').read()
def load_of(name):
    s = ([None] + list(re.finditer(rf'^{re.escape(name)} start \S+ load (\S+)', loads, re.M)))[-1]
    e = ([None] + list(re.finditer(rf'^{re.escape(name)} end +\S+ load (\S+)', loads, re.M)))[-1]
    return f"{s.group(1) if s else '?'} → {e.group(1) if e else '?'}"
def row(name):
    t = open(f'{R}/tail19-{name}.log', errors='replace').read()
    a = re.search(r'reply +(\d+)/s app +answered (\d+)/(\d+) p50 ([\d.]+) ms p99 ([\d.]+) ms achieved ([\d.]+)/s .*?stmts ([\d.]+)/reply cpu (\d+) µs/reply \(net of idle (\d+).*?webhook ack p50/p99 ([\d.]+)/([\d.]+) ms', t)
    w = re.search(r'reply +\d+/s app +without the first 2 s p50/p99 ([\d.]+)/([\d.]+) ms; p99 per second ([\d ]+);', t)
    box = re.search(r'reply +\d+/s app +box CPU µs/reply \(net of idle\): (.*)', t)
    b = re.search(r'reply +\d+/s baseline answered .*?webhook ack p50/p99 ([\d.]+)/([\d.]+) ms', t)
    if not a: return f'| `{name}` ({load_of(name)}) | no result |'
    def part(k):
        m = re.search(rf'{re.escape(k)} (-?\d+)', box.group(1)) if box else None
        return m.group(1) if m else '?'
    ack99, noop99 = float(a.group(11)), float(b.group(2)) if b else float('nan')
    return (f"| `{name}` ({load_of(name)}) | {a.group(4)} / {a.group(5)} | {w.group(1)} / {w.group(2)} | {a.group(10)} / {a.group(11)} ({noop99}; {ack99/noop99:.1f}×) "
            f"| {a.group(9)} / {part('postgres: app db backends')} / {part('other processes')} | {a.group(7)} | {a.group(6)} | {w.group(3)} |")
print('| run (load start → end) | p50 / p99 ms | without first 2 s | ack p50 / p99 (no-op p99; ratio) | app net / backends / other µs per reply | stmts | achieved/s | p99 per second |')
print('| --- | --- | --- | --- | --- | --- | --- | --- |')
for n in sys.argv[1:]: print(row(n))
