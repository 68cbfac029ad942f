#!/usr/bin/env python3
"""Plan shapes of one database's statements from the Postgres server log, as auto_explain (log_format json) wrote them
(scenario 2 and 4 servers with BENCH_EXPLAIN=0: bench/server.ts): per statement, each distinct plan shape (node types with
relation / index), how many executions ran it, when, and their mean duration; seq scans on the book's tables are flagged.
usage: python3 bench/plan-shapes.py <server log> <database> [<byte offset>] [--split=HH:MM:SS]"""
import json, re, sys
from autoexplain_log import plan_entries
from collections import defaultdict, OrderedDict
log, db = sys.argv[1], sys.argv[2]
off = int(sys.argv[3]) if len(sys.argv) > 3 and not sys.argv[3].startswith('--') else 0
split = next((a.split('=')[1] for a in sys.argv if a.startswith('--split=')), None)
BIG = {'conversations', 'debtors', 'debts', 'messages', 'outbox', 'timers', 'audit_events', 'installments', 'promises', 'payment_links', 'suppressions'}
entries = plan_entries(log, db, off)
def shape(p, out, depth=0):
    n = p['Node Type']
    rel = p.get('Relation Name') or p.get('CTE Name') or ''
    idx = p.get('Index Name', '')
    s = n + (f' {rel}' if rel else '') + (f' [{idx}]' if idx else '')
    out.append(s)
    for c in p.get('Plans', []): shape(c, out, depth + 1)
    return out
stats = defaultdict(lambda: defaultdict(lambda: [0, 0, None, None, 0.0]))
for e in entries:
    try: j = json.loads('\n'.join(l[1:] if l.startswith('\t') else l for l in e['buf']))
    except Exception as ex: continue
    q = re.sub(r'\s+', ' ', j.get('Query Text', '')).strip()[:90]
    sh = ' > '.join(shape(j['Plan'], []))
    phase = 1 if split and e['t'] >= split else 0
    s = stats[q][sh]; s[phase] += 1
    s[2] = s[2] or e['t']; s[3] = e['t']; s[4] += e['ms']
seqs = 0
for q, shs in sorted(stats.items()):
    print(f'## {q}')
    for sh, (a, b, t0, t1, ms) in shs.items():
        flag = ''
        for part in sh.split(' > '):
            if part.startswith('Seq Scan') and part.split(' ')[2] in BIG: flag = '  <<< SEQ SCAN ' + part.split(' ')[2]; seqs += 1
        print(f'   {a:5d} before / {b:5d} after  {t0}–{t1}  mean {ms/max(1,a+b):.3f} ms{flag}\n      {sh[:600]}')
print(f'seq-scan shapes on book tables: {seqs}')
