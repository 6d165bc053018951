#!/usr/bin/env python3
"""Namespace dependency graph of the C# sources under the given folders.

Edges, from a file's namespace N:
  * every `using` / `using static` / `global using` of a Rankitect namespace;
  * fully qualified references in code or crefs (`Rankitect.Native.TorchRuntime`);
  * implicit ones C# resolves without a using: a type declared in an enclosing namespace of N (code in
    Rankitect.Experiment sees the types of Rankitect) or a namespace partially qualified from one (`Modules.RowHashing`
    inside Rankitect.SearchSpaces.Spaces.Dlrm). Plain comments are ignored; doc-comment crefs count.
Then Tarjan's strongly connected components; exits 1 when a component has more than one namespace."""
import os, re, sys
from collections import defaultdict

roots = sys.argv[1:] or ['src']
P = 'Rankitect'
ns_re = re.compile(r'^\s*namespace\s+([\w.]+)', re.M)
using_re = re.compile(r'^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;', re.M)
type_re = re.compile(r'^(?:(?:public|internal|sealed|static|abstract|partial|readonly|file|unsafe)\s+)*(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)', re.M)  # top-level types of file-scoped namespaces
files = []
for root in roots:
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('bin', 'obj')]
        files += [os.path.join(dirpath, f) for f in names if f.endswith('.cs')]

def code_of(text):
    out = []
    for line in text.split('\n'):
        s = line.strip()
        if s.startswith('///'): out += re.findall(r'cref="([^"]+)"', s)
        elif s.startswith('//'): continue
        else: out.append(re.sub(r'"(?:[^"\\]|\\.)*"', '""', line.split('//')[0] if '://' not in line else line))
    return '\n'.join(out)

parsed, types = [], defaultdict(set)
for path in files:
    text = open(path, encoding='utf-8-sig').read()
    m = ns_re.search(text)
    if not m: continue
    ns, code = m.group(1), code_of(text)
    parsed.append((path, ns, text, code))
    types[ns] |= set(type_re.findall(code))
known = set(types)

def target(u):  # "Rankitect.A.B.Type" -> longest known namespace prefix
    while u not in known and '.' in u: u = u.rsplit('.', 1)[0]
    return u if u in known else None

edges = defaultdict(set)
why = defaultdict(set)
for path, ns, text, code in parsed:
    deps = set()
    for u in using_re.findall(text):
        if u.startswith(P + '.') or u == P: deps.add(target(u))
    body = using_re.sub('', code)
    for q in re.findall(r'\b(Rankitect(?:\.\w+)+)', body): deps.add(target(q))
    parts = ns.split('.')
    for i in range(1, len(parts)):
        anc = '.'.join(parts[:i])
        if anc in known and any(re.search(r'\b' + t + r'\b', body) for t in types[anc] - types[ns]):
            deps.add(anc)
        for k in known:
            if k.startswith(anc + '.') and k != ns:
                rest = k[len(anc) + 1:]
                if re.search(r'(?<![\w.])' + re.escape(rest) + r'\.[A-Z]\w*', body): deps.add(k)
    for d in deps - {None, ns}:
        edges[ns].add(d); why[(ns, d)].add(os.path.relpath(path))

index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index: visit(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(known):
    if v not in index: visit(v)

print(f'# namespaces under {" ".join(roots)}: {len(known)}')
for n in sorted(known): print(f'{n} -> {", ".join(sorted(edges[n])) or "(none)"}')
cycles = [c for c in sccs if len(c) > 1]
print(f'# strongly connected components with more than one namespace: {len(cycles)}')
for c in cycles:
    print('CYCLE: ' + ' <-> '.join(c))
    for a in c:
        for b in sorted(edges[a] & set(c)):
            print(f'   {a} -> {b}: {", ".join(sorted(why[(a, b)])[:4])}')
sys.exit(1 if cycles else 0)
