#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""call-graph.py BUILDDIR - which source file calls which (from the object
files: A -> B when A.o uses a function or object that B.o defines) and its
cycles. Tests, tools' main programs and fuzz targets are left out: they are
callers only. Prints "cycle: a.c b.c ..." for each strongly connected set of
more than one file; --edges prints every edge. Exit 1 when there is a cycle."""
import os, subprocess, sys

bld = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else '_build'
objs = []
for d in ['lib', 'config', 'scanner', 'scanner/detect', 'policy', 'store', 'hold', 'milter', 'tools']:
    p = os.path.join(bld, d)
    if os.path.isdir(p):
        objs += [os.path.join(p, f) for f in sorted(os.listdir(p)) if f.endswith('.o')]
defs, uses = {}, {}
for o in objs:
    name = os.path.relpath(o, bld)[:-2] + '.c'
    out = subprocess.run(['nm', o], capture_output=True, text=True).stdout
    uses[name] = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TDBR':
            defs.setdefault(parts[2], name)
        elif len(parts) == 2 and parts[0] == 'U':
            uses[name].add(parts[1])
g = {f: sorted({defs[s] for s in u if s in defs and defs[s] != f}) for f, u in uses.items()}
if '--edges' in sys.argv:
    for f in sorted(g):
        for t in g[f]:
            print(f'{f} -> {t}')
index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in g[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v:
                break
        if len(c) > 1:
            comps.append(sorted(c))
for v in sorted(g):
    if v not in index:
        visit(v)
# --allow FILE: cycles listed there (the files of one cycle space-separated
# on a line, '#' comments) are reported as known and do not fail
known = set()
if '--allow' in sys.argv:
    for line in open(sys.argv[sys.argv.index('--allow') + 1], encoding='utf-8'):
        words = line.split('#', 1)[0].split()
        if words:
            known.add(' '.join(sorted(words)))
bad = 0
for c in comps:
    k = ' '.join(c)
    print(('known cycle: ' if k in known else 'cycle: ') + k)
    bad += k not in known
sys.exit(1 if bad else 0)
