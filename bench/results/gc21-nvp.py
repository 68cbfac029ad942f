#!/usr/bin/env python3
"""gc21: V8's --trace-gc-nvp lines of the bench's app child, per window of the BENCH_GC marks.
usage: gc21-nvp.py <bench console log> <BENCH_GC jsonl of the app child (<prefix>-<pid>.jsonl)> [window index, default: the
longest window (the counted step)]. The app's pid comes from the jsonl's name; its main isolate is the one with the most GC
lines (the other is tsx's loader thread). Trace times (ms since the isolate started) are aligned to the jsonl's
performance.now() times by matching the k-th mark-compact of each (median offset)."""
import re, sys, json, statistics as st
log, jl = sys.argv[1], sys.argv[2]
pid = re.search(r'-(\d+)\.jsonl$', jl).group(1)
lines = [json.loads(l) for l in open(jl) if l.strip()]
marks = []
for l in lines:
    if l.get('mark') and (not marks or l['t'] - marks[-1] > 50): marks.append(l['t'])
majors = [l for l in lines if not l.get('mark') and l['kind'].startswith('major')]
rx = re.compile(rf'^\[{pid}:(0x[0-9a-f]+)\]\s+(\d+) ms: (pause=.*)$')
by_iso = {}
for ln in open(log, errors='replace'):
    m = rx.match(ln.strip())
    if not m: continue
    kv = dict(x.split('=', 1) for x in m.group(3).split() if '=' in x)
    by_iso.setdefault(m.group(1), []).append((int(m.group(2)), kv))
iso = max(by_iso, key=lambda k: len(by_iso[k]))
ev = by_iso[iso]
mcs = [e for e in ev if e[1]['gc'] == 'mc']
# BENCH_GC's observer starts after the app's first GCs: pair its majors with the trace's from the shift that fits best.
best = None
for j in range(max(1, len(mcs) - len(majors) + 1)):
    d = [majors[i]['t'] + majors[i]['ms'] - mcs[i + j][0] for i in range(min(len(majors), len(mcs) - j))]
    if d and (best is None or max(d) - min(d) < best[0]): best = (max(d) - min(d), st.median(d), j)
off = best[1] if best else 0
edges = [float('-inf')] + marks + [float('inf')]
wins = [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
wi = int(sys.argv[3]) if len(sys.argv) > 3 else max(range(len(wins)), key=lambda i: (wins[i][1] - wins[i][0]) if all(map(lambda x: abs(x) != float('inf'), wins[i])) else -1)
a, b = wins[wi]
f = lambda kv, k: float(kv.get(k, '0').rstrip('%'))
inwin = [(t + off - a, kv) for t, kv in ev if a <= t + off < b]
print(f'app pid {pid}, isolate {iso}: {len(mcs)} mark-compacts in the trace, {len(majors)} in BENCH_GC (offset {off:.0f} ms, shift {best[2]}, spread {best[0]:.0f} ms); window {wi} ({(b - a) / 1000:.1f} s)')
sc = [kv for _, kv in inwin if kv['gc'] == 's']
print(f"scavenges: {len(sc)}, pause sum {sum(f(k,'pause') for k in sc):.1f} ms (max {max([f(k,'pause') for k in sc] or [0]):.1f}), "
      f"background.scavenge.parallel sum {sum(f(k,'background.scavenge.parallel') for k in sc):.1f} ms, promoted {sum(f(k,'promoted') for k in sc) / 1e6:.1f} MB, "
      f"semi-space survived {st.median([f(k,'semi_space_copied') for k in sc] or [0]) / 1e6:.2f} MB p50")
cols = ['pause', 'mutator', 'reduce_memory', 'mark', 'mark.finish_incremental', 'mark.roots', 'mark.full_closure_parallel', 'mark.full_closure', 'clear', 'clear.weak_references', 'evacuate', 'evacuate.copy',
        'evacuate.update_pointers', 'sweep', 'finish', 'incremental', 'incremental.layout_change', 'incremental_longest_step', 'incremental_steps_count', 'incremental_walltime_duration',
        'background.mark', 'background.sweep', 'background.evacuate.copy', 'background.evacuate.update_pointers', 'background.unmapper', 'total_size_before', 'total_size_after', 'promoted', 'compaction_speed']
short = {'mark.finish_incremental': 'm.fin_inc', 'mark.roots': 'm.roots', 'mark.full_closure_parallel': 'm.closure_par', 'mark.full_closure': 'm.closure', 'clear.weak_references': 'c.weak_refs',
         'evacuate.copy': 'ev.copy', 'evacuate.update_pointers': 'ev.upd_ptrs', 'incremental.layout_change': 'inc.layout', 'incremental_longest_step': 'inc.longest', 'incremental_steps_count': 'inc.steps',
         'incremental_walltime_duration': 'inc.wall', 'background.mark': 'bg.mark', 'background.sweep': 'bg.sweep', 'background.evacuate.copy': 'bg.ev.copy', 'background.evacuate.update_pointers': 'bg.ev.upd',
         'background.unmapper': 'bg.unmap', 'total_size_before': 'MB before', 'total_size_after': 'MB after', 'promoted': 'promoted MB', 'reduce_memory': 'reduce', 'compaction_speed': 'compact B/ms'}
print('| at s | ' + ' | '.join(short.get(c, c) for c in cols) + ' |')
print('| --- ' * (len(cols) + 1) + '|')
for t, kv in inwin:
    if kv['gc'] != 'mc': continue
    vals = [f'{f(kv, c) / 1e6:.1f}' if c in ('total_size_before', 'total_size_after', 'promoted') else kv.get(c, '–') for c in cols]
    print(f'| {t / 1000:.2f} | ' + ' | '.join(vals) + ' |')
# scavenges just before/after each mc and the longest scavenges
big = sorted(((f(kv, 'pause'), t) for t, kv in inwin if kv['gc'] == 's'), reverse=True)[:5]
print('longest scavenges (ms @ s): ' + ', '.join(f'{p:.1f}@{t / 1000:.2f}' for p, t in big))
