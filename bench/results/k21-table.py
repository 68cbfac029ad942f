#!/usr/bin/env python3
"""k21: one row per run from bench/results/k21-<label>.json, with its load from k21-loads.txt (markdown)."""
import json, re, sys, os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
loads = {}
for line in open('k21-loads.txt'):
    m = re.match(r'(\S+) (start|end)\s+(\S+): (\S+)', line)
    if m: loads.setdefault(m.group(3), {})[m.group(2)] = (m.group(1), m.group(4))
print('| run (warm-up, start UTC, load start→end) | rate | answered | achieved/s | old test | verdict | first within 1 s | settled from | steady per-second p99 ms | steady p50 / p99 ms | answered/s in the steady part | whole p50 / p99 ms | last 10 s p50 / p99 ms | lead p99 ms | warm-up app p99 ms, achieved/s | box / app / backends / bench / other µs per reply | settled from (s) with a 0.5 / 1 / 2 s bound |')
print('| --- ' * 17 + '|')
for label in sys.argv[1:]:
    try: d = json.load(open(f'k21-{label}.json'))
    except FileNotFoundError: continue
    rp = d['reply']; st = rp['steps'][0]; a = st['app']; w = rp['warmup'].get('app')
    v = a['steady']; s = v['steady']; net = a['box']['net'] if a.get('box') else {}
    old = a['drained'] and a['answered'] == a['sent'] and a['backlogGrowth'] < 2 and a['achievedPerS'] >= 0.9 * st['rate']
    ld = loads.get(label, {})
    rng = f"{round(s['perSecondP99MinMs'])}–{round(s['perSecondP99MaxMs'])}" if s else '–'
    sp = f"{s['p50Ms']} / {s['p99Ms']}" if s else '–'
    ach = f"{v['achievedPerS']} ({round(v['achievedShare']*100,1)} %)" if s else '–'
    fw = v['firstWithinS'] if v['firstWithinS'] is not None else '–'
    sf = v['settledFromS'] if v['settledFromS'] is not None else '–'
    L0, L1 = ld.get('start', ('?', '?')), ld.get('end', ('?', '?'))
    boxs = ' / '.join(str(net.get(k, '?')) for k in ('box busy (all processes, /proc/stat)', 'app', 'postgres: app db backends', 'bench (load generator + fake provider)', 'other processes'))
    per = a['shape']['perBinP99']
    def settle(bound):
        k = None
        for i in range(len(per) - 1, -1, -1):
            if per[i] is not None and per[i] <= bound: k = i
            else: break
        return '–' if k is None else (f'{k}' if len(per) - k >= 10 else f'{k} (short)')
    sens = ' / '.join(settle(b) for b in (500, 1000, 2000))
    print(f"| `{label}` ({rp['warmup']['replies']}, {L0[0]}, {L0[1]}→{L1[1]}) | {st['rate']} | {a['answered']}/{a['sent']} | {a['achievedPerS']} | {'pass' if old else 'fail'} | **{v['verdict']}** | {fw} | {sf} | {rng} | {sp} | {ach} | {a['p50Ms']} / {a['p99Ms']} | {a['shape']['last']['p50Ms']} / {a['shape']['last']['p99Ms']} | {a['lead']['p99Ms']} | {w['p99Ms']}, {w['achievedPerS']} | {boxs} | {sens} |")
