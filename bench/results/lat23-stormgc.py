import re, sys
# GC of the app isolate in the instant storm window: from 'timers instant: armed' to 'timers instant app: fired'
for f in sys.argv[1:]:
    L = open(f).read().splitlines()
    a = next(i for i, l in enumerate(L) if 'timers instant: armed' in l); b = next(i for i, l in enumerate(L) if 'timers instant app: fired' in l)
    fired = int(re.search(r'fired (\d+)', L[b])[1])
    rx = re.compile(r'\[(\d+):(0x[0-9a-f]+)\]\s+\d+ ms: (Scavenge|Mark-Compact)\S* ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, pooled: [\d.]+ MB, ([\d.]+) / ([\d.]+) ms')
    ev = {}
    for l in L[a:b]:
        m = rx.search(l)
        if m: ev.setdefault((m[1], m[2]), []).append((m[3], float(m[8]), 'testing' in l))
    key = max(ev, key=lambda k: len(ev[k]))
    e = ev[key]
    sc = [x for x in e if x[0] == 'Scavenge']; mc = [x for x in e if x[0] == 'Mark-Compact' and not x[2]]
    tot = sum(x[1] for x in sc) + sum(x[1] for x in mc)
    print(f"{f.split('/')[-1]}: app {key}: {len(sc)} scavenges {sum(x[1] for x in sc):.0f} ms, {len(mc)} mark-compacts {sum(x[1] for x in mc):.0f} ms; {tot/fired*1000:.0f} µs GC pause per fired timer ({fired} fired)")
