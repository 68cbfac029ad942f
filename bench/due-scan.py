#!/usr/bin/env python3
"""Per statement of one database (auto_explain, log_format json, log_analyze + log_buffers, from the server log): each
execution's buffers (shared hit + read) and, for each plan node on a due index (timers_due_idx, outbox_due_idx), the
node type and its own buffers — in execution order, so a scan's first and later executions can be compared (storm16).
usage: python3 bench/due-scan.py <server log> <database> [<byte offset>] [--all: every statement, totals]"""
import json, re, sys
from autoexplain_log import plan_entries
from collections import OrderedDict
log, db = sys.argv[1], sys.argv[2]
off = int(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith('--') else 0
ALL = '--all' in sys.argv
entries = plan_entries(log, db, off)
IDX = ('timers_due_idx', 'outbox_due_idx')
def nodes(p, out):
    if p.get('Index Name') in IDX:
        out.append((p['Node Type'].replace('Bitmap Index Scan', 'Bitmap').replace('Index Scan', 'Index'), p['Index Name'].split('_')[0], p.get('Shared Hit Blocks', 0) + p.get('Shared Read Blocks', 0), p.get('Actual Rows', 0)))
    for c in p.get('Plans', []): nodes(c, out)
    return out
per = OrderedDict()
for e in entries:
    try: j = json.loads('\n'.join(l[1:] if l.startswith('\t') else l for l in e['buf']))
    except Exception: continue
    q = re.sub(r'\s+', ' ', j.get('Query Text', '')).strip()
    ns = nodes(j['Plan'], [])
    if not ns and not ALL: continue
    p = j['Plan']
    per.setdefault(q[:110], []).append((e['ms'], p.get('Shared Hit Blocks', 0) + p.get('Shared Read Blocks', 0), ns))
if ALL:
    print('all statements: executions, buffers total, ms total (log_timing off), per statement text')
    for q, xs in sorted(per.items(), key=lambda kv: -sum(b for _, b, _ in kv[1])):
        print(f'  {len(xs):5d} {sum(b for _, b, _ in xs):9d} {sum(ms for ms, _, _ in xs):9.1f}  {q[:90]}')
    print(f'  total buffers {sum(b for xs in per.values() for _, b, _ in xs)}, ms {sum(ms for xs in per.values() for ms, _, _ in xs):.1f}')
for q, xs in per.items():
    if ALL and not any(ns for _, _, ns in xs): continue
    print(f'## {q}')
    print(f'   executions {len(xs)}; statement buffers, in order: ' + ' '.join(str(b) for _, b, _ in xs))
    print(f'   ms, in order: ' + ' '.join(f'{ms:.1f}' for ms, _, _ in xs))
    shapes = OrderedDict()
    for _, _, ns in xs:
        for n in ns: shapes.setdefault(f'{n[0]} {n[1]}_due_idx', []).append(f'{n[2]}/{n[3]}')
    for k, v in shapes.items(): print(f'   {k}: buffers/rows per execution: ' + ' '.join(v))
