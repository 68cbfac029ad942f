#!/usr/bin/env python3
"""lat23: one line per reply run: p50/p99, p99 without first 2 s, ack p99 app / no-op and ratio, app CPU µs/reply,
mark-compacts and KB promoted per reply (nep21-gc.py on the --trace-gc log), load at start."""
import json, sys, subprocess, re, os
R = '/work/wt/lat23/bench/results'
for name in sys.argv[1:]:
    d = json.load(open(f'{R}/lat23-{name}.json'))
    for st in d['reply']['steps']:
        a, b = st['app'], st['baseline']
        after = a['shape']['after']
        log = f'/tmp/lat23/lat23-{name}.log'  # the bench console logs (--trace-gc), kept out of the repo
        gc = subprocess.run(['python3', f'{R}/nep21-gc.py', log, str(st['rate'])], capture_output=True, text=True).stdout
        m = re.search(r'^([\d.]+) s: (\d+) scavenges, (\d+) mark-compacts.*growth in all ([\d.]+) MB', gc)
        kb = m and float(m[4]) * 1000 / (float(m[1]) * st['rate'])
        print(f"{name:10s} {st['rate']}/s p50/p99 {a['p50Ms']}/{a['p99Ms']} w/o2s {after.get('p99Ms')} ack {a['webhookP99Ms']:.1f}/{b['webhookP99Ms']:.1f}={a['webhookP99Ms']/b['webhookP99Ms']:.2f}x cpu {a['serverCpuUsPerReply']} answered {a['answered']}/{a['sent']} MC {m and m[3]} KB/reply {kb and round(kb, 1)} load {' '.join(map(str, d['machine']['loadavgAtStart']))}")
