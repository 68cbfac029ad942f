#!/usr/bin/env python3
# Per-bin timeline of an app trace (SAISOKU_TRACE): replies stored, drain rounds (claimed, classify and transaction ms
# summed, the longest transaction), deliveries, provider answers, webhook acks (longest queue and DB wait), the event
# loop's p99 delay, GC ms and busy share. Bins start at the first reply after the first pause of over 300 ms
# (the step's lead, after the warm-up). Usage: python3 bench/trace-timeline.py <trace.jsonl> [bin_ms]
import json,sys,collections
f=sys.argv[1]; B=int(sys.argv[2]) if len(sys.argv)>2 else 500
ev=[json.loads(l) for l in open(f) if l.strip()]
stored=[e['t'] for e in ev if e['ev']=='stored']
stored.sort()
# the lead: first stored after the last gap > 300 ms before the bulk
gaps=[(stored[i]-stored[i-1],i) for i in range(1,len(stored))]
big=[i for g,i in gaps if g>300]
print('gaps>300ms at stored index:', big[:5], 'of', len(stored))
t0=stored[big[0]] if big else stored[0]
bins=collections.defaultdict(lambda: collections.defaultdict(float))
for e in ev:
    b=int((e['t']-t0)//B)
    if b< -6 or b>40: continue
    d=bins[b]
    k=e['ev']
    if k=='stored': d['stored']+=1
    elif k=='round': d['rounds']+=1; d['claimed']+=e.get('n',0) or 0; d['cls']+=e.get('cls',0); d['tx']+=e.get('tx',0); d['txmax']=max(d['txmax'],e.get('tx',0))
    elif k=='deliv': d['deliv']+=1; d['dn']+=e.get('n',0); d['dclaim']+=e.get('t1',0)-e.get('t0',0) if e.get('t1') else 0
    elif k=='ans': d['ans']+=1
    elif k=='ack': d['acks']+=1; d['ackq']=max(d['ackq'],e.get('q',0)); d['ackdb']=max(d['ackdb'],e.get('db',0))
    elif k=='eld': d['lp99']=max(d['lp99'],e.get('p99',0)); d['busy']=max(d['busy'],e.get('busy',0) or 0); d['gc']+=e.get('gcMs',0) or 0; d['gcmaj']+=e.get('gcMajorMs',0) or 0
print('bin(ms) stored rounds claimed cls tx txmax deliv dn ans acks ackq ackdb loopP99 gc gcMajor busy')
for b in sorted(bins):
    d=bins[b]
    print(f"{b*B:6d} {int(d['stored']):5d} {int(d['rounds']):4d} {int(d['claimed']):5d} {int(d['cls']):5d} {int(d['tx']):5d} {int(d['txmax']):5d} {int(d['deliv']):4d} {int(d['dn']):5d} {int(d['ans']):5d} {int(d['acks']):4d} {d['ackq']:6.0f} {d['ackdb']:6.0f} {d['lp99']:6.0f} {d['gc']:5.0f} {d['gcmaj']:5.0f} {d['busy']:5.2f}")
