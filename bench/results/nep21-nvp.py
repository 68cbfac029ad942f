#!/usr/bin/env python3
"""nep21: read --trace-gc-nvp lines of the loop process between 'loop start' and 'loop end'.
Per scavenge: promoted= (bytes copied to old space), new_space_survived=, and heap growth (total_size_after - previous
total_size_after). 'direct' = growth - promoted - change of new-space survivors: what went to old/large/code space
without a scavenge promoting it (pretenured allocation, large objects, code, feedback)."""
import re, sys, statistics as st
def kv(l): return dict(re.findall(r'(\S+?)=(\S+)', l))
for f in sys.argv[1:]:
    L = open(f).read().splitlines()
    a = next(i for i, l in enumerate(L) if 'loop start' in l); b = next(i for i, l in enumerate(L) if 'loop end' in l)
    sent = int(re.search(r'(\d+) sent', L[b])[1])
    ev = []
    for l in L[:b]:
        m = re.match(r'\[(\d+):(0x[0-9a-f]+)\]\s+([\d.]+) ms: (.*)', l)
        if m and 'gc=' in l: ev.append((m[2], float(m[3]), kv(m[4]), L.index(l) > a))
    iso = max(set(e[0] for e in ev), key=lambda p: sum(1 for e in ev if e[0] == p))
    ev = [e for e in ev if e[0] == iso]
    rows = []
    for p, c in zip(ev, ev[1:]):
        if not c[3]: continue
        k = c[2]
        growth = int(k['total_size_after']) - int(p[2]['total_size_after'])
        if k['gc'] in ('s', 'mmc'):
            rows.append((c[1], int(k['promoted']), int(k['new_space_survived']), growth, c[1] - p[1]))
    mcs = sum(1 for e in ev if e[3] and e[2]['gc'] not in ('s', 'mmc'))
    prom = sum(r[1] for r in rows); span = (rows[-1][0] - rows[0][0] + rows[0][4]) / 1000 if rows else 1
    print(f"{f}: {len(rows)} scavenges, {mcs} mark-compacts, {sent} statements; promoted p50 {st.median(r[1] for r in rows)/1e3:.0f} KB/scavenge, "
          f"total {prom/1e6:.2f} MB = {prom/sent:.0f} B/statement; survived p50 {st.median(r[2] for r in rows)/1e3:.0f} KB; "
          f"growth p50 {st.median(r[3] for r in rows)/1e3:.0f} KB; interval p50 {st.median(r[4] for r in rows):.0f} ms")
    if '-v' in sys.argv[0:1] or len(sys.argv) == 2:
        for r in rows: print(f"  t={r[0]:.0f} promoted={r[1]/1e3:.0f}K survived={r[2]/1e3:.0f}K growth={r[3]/1e3:.0f}K dt={r[4]:.0f}")
