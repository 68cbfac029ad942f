#!/usr/bin/env python3
"""start19: one row per run (bench/results/start19-<name>.json) for docs/benchmarks.md, loads from start19-loads.txt."""
import json, re, sys, os
here = os.path.dirname(os.path.abspath(__file__))
loads = {}
for l in open(os.path.join(here, 'start19-loads.txt')):
    m = re.match(r'(\S+) \((\w+) (\w+)\) start (\S+) load (\S+)', l)
    if m: loads[m.group(1)] = {'tree': m.group(2), 'commit': m.group(3), 'start': m.group(4), 'l0': m.group(5)}
    m = re.match(r'(\S+) end\s+(\S+) load (\S+)', l)
    if m and m.group(1) in loads: loads[m.group(1)]['l1'] = m.group(3)
print('| run (tree, start, load start→end) | achieved/s | p50 / p99 ms | p99 per second | lead p50 / p99 ms | ack p99 ms | app µs/reply (net) | box µs/reply | app db backends µs/reply | other procs µs/reply |')
print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for name in sys.argv[1:]:
    f = os.path.join(here, f'start19-{name}.json')
    if not os.path.exists(f): continue
    a = json.load(open(f))['reply']['steps'][0]['app']
    L = loads.get(name, {})
    net = a['box']['net'] if a.get('box') else {}
    lead = a.get('lead') or {}
    other = net.get('other processes', 0) + net.get('postgres: other backends', 0)
    print(f"| `{name}` ({L.get('tree')}, {L.get('start')}, {L.get('l0')}→{L.get('l1')}) | {a['achievedPerS']} | {a['p50Ms']} / {a['p99Ms']} | {' '.join(str(round(x)) for x in a['shape']['perBinP99'])} | {lead.get('p50Ms')} / {lead.get('p99Ms')} | {round(a['webhookP99Ms'])} | {a['serverCpuUsPerReplyNet']} | {net.get('box busy (all processes, /proc/stat)')} | {net.get('postgres: app db backends')} | {round(other)} |")
