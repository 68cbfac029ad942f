#!/usr/bin/env python3
"""nep21: one line per reply-bench run: the counted step's p50/p99 (whole and without its first 2 s), webhook ack p99,
app CPU per reply, and from the --trace-gc log (heap20-gc.py's reading) growth per scavenge, MB/s and mark-compacts."""
import re, sys, subprocess, statistics as st
for name in sys.argv[1:]:
    md = open(f'nep21-{name}.md').read()
    rate = re.search(r'\n\| (\d+) \| \d+/\d+ \|', md)[1]
    row = re.search(rf'\n\| {rate} \| (\d+/\d+) \| ([\d.]+) \| ([\d.]+) \| [\d.]+ \| [-\d.]+ \| (\d+) \((\d+)\)', md)
    step = re.search(rf'\n\| {rate}/s app \| ([\d.]+) / ([\d.]+) \| ([\d.]+) / ([\d.]+) \|', md)
    ack = re.search(rf'\n\| {rate}/s app \| [\d.]+ / [\d.]+ / [\d.]+ \| ([\d.]+) \|', md)
    gc = subprocess.run(['python3', 'nep21-gc.py', f'nep21-{name}.log', rate], capture_output=True, text=True).stdout.strip()
    print(f"{name}: answered {row[1]}, p50 {row[2]} / p99 {row[3]} ms (without first 2 s {step[3]} / {step[4]}), ack p99 {ack[1] if ack else '?'} ms, "
          f"CPU {row[4]} µs/reply (net {row[5]}); {gc}")
