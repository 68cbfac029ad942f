#!/usr/bin/env python3
"""nep21 (heap20-gc.py with the rate as 2nd argument): the app's scavenges from a --trace-gc bench log (BENCH_NODE_FLAGS=--trace-gc), between the warm-up line and
the step's result line (the lead's 400 replies and the counted step): per scavenge, MB freed and MB the heap grew
(after minus the previous scavenge's after: what it promoted, less nothing — no mark-compact between), and the
mark-compacts in that window. The app is the pid with the largest heap."""
import re, sys, statistics as st
f = sys.argv[1]; rate = sys.argv[2] if len(sys.argv) > 2 else '200'
if True:
    lines = open(f).read().splitlines()
    a = next(i for i, l in enumerate(lines) if f'reply warm-up {rate}/s app' in l)
    b = next(i for i, l in enumerate(lines) if re.search(rf'reply +{rate}/s app +answered', l))
    rx = re.compile(r'\[(\d+:0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact)[^0-9]*([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB')
    ev = {}
    for l in lines[a:b]:
        m = rx.search(l)
        if m: ev.setdefault(m[1], []).append((int(m[2]), m[3] if 'testing' not in l else 'forced', float(m[4]), float(m[6])))
    pid = max(ev, key=lambda p: max(e[2] for e in ev[p]))
    e = ev[pid]
    grow, freed, mc, gaps = [], [], 0, []
    for prev, cur in zip(e, e[1:]):
        if cur[1] == 'Scavenge':
            freed.append(cur[2] - cur[3])
            if prev[1] == 'Scavenge': grow.append(cur[3] - prev[3]); gaps.append(cur[0] - prev[0])
        elif cur[1] == 'Mark-Compact': mc += 1
    n = sum(1 for x in e if x[1] == 'Scavenge')
    span = (e[-1][0] - e[0][0]) / 1000
    print(f"{span:.1f} s: {n} scavenges, {mc + (e[0][1] == 'Mark-Compact')} mark-compacts (app isolate, forced ones not counted); per scavenge freed p50 {st.median(freed):.2f} MB, "
          f"heap growth p50 {st.median(grow):.2f} MB (p25 {st.quantiles(grow, n=4)[0]:.2f}, p75 {st.quantiles(grow, n=4)[2]:.2f}, n={len(grow)}), "
          f"growth in all {sum(grow):.1f} MB; interval between scavenges p50 {st.median(gaps):.0f} ms: growth {st.median(grow) / st.median(gaps) * 1000:.1f} MB/s, "
          f"{st.median(grow) / st.median(gaps) * 1000 / int(rate) * 1000:.0f} KB per reply at {rate}/s")
