#!/usr/bin/env python3
"""k21: the counted step's per-second p99 (ms) of each run named, one markdown bullet each."""
import json, sys, os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
for label in sys.argv[1:]:
    try: a = json.load(open(f'k21-{label}.json'))['reply']['steps'][0]['app']
    except FileNotFoundError: continue
    print(f"- `{label}`: {' '.join(str(round(x)) for x in a['shape']['perBinP99'])} (lead {' '.join(str(round(x)) for x in a['lead']['shape']['perBinP99'])})")
