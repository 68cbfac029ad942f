#!/usr/bin/env python3
"""fire19: one line per storm run (bench/results/fire19-t*.json): tree, instant app p50/p99, raw p99, ratio, CPU/SQL per fired timer, SMS p99; loads from fire19-loads.txt."""
import glob, json, os, re
here = os.path.dirname(os.path.abspath(__file__))
loads = open(os.path.join(here, 'fire19-loads.txt')).read().splitlines()
def load(name):
    s = next((l for l in loads if l.startswith(name + ' start')), '')
    e = next((l for l in loads if l.startswith(name + ' end')), '')
    f = lambda l: (re.search(r'(\d\d:\d\d:\d\d) load (\S+)', l) or [None, '?', '?'])
    return f"{f(s)[1]}, load {f(s)[2]} -> {f(e)[2]}"
print('run | start, load | spread app p50 / p99, raw p99 (ratio) | instant app p50 / p99, raw p99 (ratio) | CPU ms / SQL per fired: spread; instant | SMS p99 spread / instant | fired, pending')
for p in sorted(glob.glob(os.path.join(here, 'fire19-t*.json'))):
    name = os.path.basename(p)[7:-5]
    t = json.load(open(p))['timers']
    sp, ins = t['spread'], t['instant']
    r = lambda x: x['ratios']['app/raw fire lag p99']
    s = lambda v: f"{v/1000:.2f} s" if v >= 1000 else f"{v:.0f} ms"
    print(f"{name} | {load(name)} | {s(sp['app']['fireLag']['p50Ms'])} / {s(sp['app']['fireLag']['p99Ms'])}, raw {s(sp['raw']['lag']['p99Ms'])} ({r(sp)}x) | "
          f"{s(ins['app']['fireLag']['p50Ms'])} / {s(ins['app']['fireLag']['p99Ms'])}, raw {s(ins['raw']['lag']['p99Ms'])} ({r(ins)}x) | "
          f"{sp['app']['cpuMsPerFired']} / {sp['app']['statementsPerFired']}; {ins['app']['cpuMsPerFired']} / {ins['app']['statementsPerFired']} | "
          f"{s(sp['app']['reminderSmsTotal']['p99Ms'])} / {s(ins['app']['reminderSmsTotal']['p99Ms'])} | {ins['app']['fired']}, {ins['app']['pendingAtTimeout']}")
