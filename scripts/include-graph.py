#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""include-graph.py - the include graph between this project's files (a .c
or .h includes a "NAME.h") and its cycles: headers that include each other,
directly or through others. Prints each strongly connected set of more than
one file, or nothing; --dot prints the whole graph. The call graph between
.c files (who calls whom) is scripts/call-graph.py. Exit 1 on a cycle.
Usage: scripts/include-graph.py [--dot] [DIR...]"""
import os, re, sys

def modules(roots):
    files = {}
    for root in roots:
        for d, _, fs in os.walk(root):
            if '/_build' in d or '/.git' in d:
                continue
            for f in fs:
                if f.endswith(('.c', '.h')):
                    files.setdefault(f, []).append(os.path.join(d, f))
    return files

def graph(files):
    inc = re.compile(r'^\s*#\s*include\s+"([^"]+\.h)"', re.M)
    g = {m: set() for m in files}
    for m, paths in files.items():
        for p in paths:
            for dep in inc.findall(open(p, errors='replace').read()):
                dep = os.path.basename(dep)
                if dep in files and dep != m:
                    g[m].add(dep)
    return g

def sccs(g):
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))
    for v in sorted(g):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]

args = [a for a in sys.argv[1:] if not a.startswith('--')]
roots = args or ['lib', 'config', 'scanner', 'policy', 'store', 'hold', 'milter', 'tools']
g = graph(modules(roots))
if '--dot' in sys.argv:
    print('digraph includes {')
    for m in sorted(g):
        for d in sorted(g[m]):
            print(f'  "{m}" -> "{d}";')
    print('}')
cyc = sccs(g)
for c in cyc:
    print('cycle:', ' '.join(c))
sys.exit(1 if cyc else 0)
