#!/usr/bin/env python3
"""heap20: heap growth of the app's k-th scavenge after a mark-compact (k = 1, 2, 3, …), from --trace-gc bench logs, over
the whole run once the app has warmed (from the warm-up line to the end). If old-generation garbage kept young objects
alive through scavenges (nepotism), the first scavenges after a mark-compact (which frees that garbage) would promote less."""
import re, sys, statistics as st
by = {}
for f in sys.argv[1:]:
    lines = open(f).read().splitlines()
    a = next(i for i, l in enumerate(lines) if 'reply warm-up 200/s app' in l)
    b = next(i for i, l in enumerate(lines) if re.search(r'reply  200/s app +answered', l))
    rx = re.compile(r'\[(\d+):0x[0-9a-f]+\]\s+(\d+) ms: (Scavenge|Mark-Compact)[^0-9]*([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB')
    ev = {}
    for l in lines[a:b]:
        m = rx.search(l)
        if m: ev.setdefault(m[1], []).append((m[3], float(m[4]), float(m[6])))
    pid = max(ev, key=lambda p: max(e[1] for e in ev[p]))
    k = None
    prev = None
    for e in ev[pid]:
        if e[0] == 'Mark-Compact': k = 0
        elif k is not None:
            k += 1
            by.setdefault(min(k, 6), []).append(e[2] - prev)
        prev = e[2]
for k in sorted(by):
    print(f"scavenge {'≥' if k == 6 else ''}{k} after a mark-compact: growth p50 {st.median(by[k]):.2f} MB, mean {st.mean(by[k]):.2f}, n={len(by[k])}")
