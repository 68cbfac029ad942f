#!/usr/bin/env python3
"""heap20: growth per scavenge of the loop process (the first pid in the --trace-gc lines) between 'loop start' and 'loop end'."""
import re, sys, statistics as st
for f in sys.argv[1:]:
    L = open(f).read().splitlines()
    a = next(i for i, l in enumerate(L) if 'loop start' in l); b = next(i for i, l in enumerate(L) if 'loop end' in l)
    rx = re.compile(r'\[(\d+):0x[0-9a-f]+\]\s+(\d+) ms: (Scavenge|Mark-Compact)[^0-9]*([\d.]+) \(([\d.]+)\) -> ([\d.]+)')
    ev = [(m[1], int(m[2]), m[3], float(m[4]), float(m[6])) for l in L[a:b] for m in [rx.search(l)] if m]
    pid = max(set(e[0] for e in ev), key=lambda p: sum(1 for e in ev if e[0] == p))
    ev = [e for e in ev if e[0] == pid]
    g = [c[4] - p[4] for p, c in zip(ev, ev[1:]) if c[2] == 'Scavenge' and p[2] == 'Scavenge']
    gaps = [c[1] - p[1] for p, c in zip(ev, ev[1:]) if c[2] == 'Scavenge' and p[2] == 'Scavenge']
    print(f"{f}: pid {pid}: {sum(1 for e in ev if e[2] == 'Scavenge')} scavenges, {sum(1 for e in ev if e[2] != 'Scavenge')} mark-compacts; "
          f"growth per scavenge p50 {st.median(g):.2f} MB (n={len(g)}), interval p50 {st.median(gaps)} ms: {st.median(g) / st.median(gaps) * 1000:.2f} MB/s; "
          f"{L[b].strip()}")
