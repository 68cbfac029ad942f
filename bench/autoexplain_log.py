"""The auto_explain entries (log_format json) of one database in a Postgres server log, shared by plan-shapes.py and due-scan.py:
each entry's time of day ('t'), duration ('ms') and the lines of its JSON plan ('buf'), from a byte offset on."""
import re

HEAD = re.compile(r'^(\S+ (\S+)) UTC \[(\d+)\] (\S*)@(\S*) ')


def plan_entries(log, db, off=0):
    with open(log, 'rb') as f:
        f.seek(off)
        text = f.read().decode('utf8', 'replace')
    entries = []
    cur = None
    for line in text.split('\n'):
        m = HEAD.match(line)
        if m:
            if cur:
                entries.append(cur)
                cur = None
            if m.group(5) == db and 'plan:' in line:
                d = re.search(r'duration: ([\d.]+) ms', line)
                cur = {'t': m.group(2), 'buf': [], 'ms': float(d.group(1)) if d else 0.0}
            continue
        if cur is not None:
            cur['buf'].append(line)
    if cur:
        entries.append(cur)
    return entries
