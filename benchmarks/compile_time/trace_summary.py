#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Summarises a clang -ftime-trace JSON file: where one translation unit's compile time goes.

   benchmarks/compile_time/trace_summary.py TU.json [--top 12]

Prints the phase totals (parsing, template instantiation, optimisation, code generation), the headers that cost
most to parse (inclusive: a header's time contains what it includes, first inclusion only), the templates whose
instantiation costs most (summed over all specialisations of one name), and the functions the optimiser spent
most on. Used by tu_cost.sh --profile; the numbers in docs/compile-time.md come from it."""
import json
import re
import sys
from collections import defaultdict


def short_template(name: str) -> str:
    # "migrate::migrator<migrate::registry<m1, ...>, migrate::sqlite::store>::run" -> "migrate::migrator<>::run"
    out, depth = [], 0
    for ch in name:
        if ch == '<':
            if depth == 0:
                out.append('<>')
            depth += 1
        elif ch == '>':
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return re.sub(r'\s+', ' ', ''.join(out)).strip()


def header_group(path: str) -> str:
    for key, label in (('/fmt/', 'fmt'), ('/boost/hana', 'boost/hana'), ('/boost/json', 'boost/json'),
                       ('/boost/', 'boost (other)'), ('/migrate/', 'migrate'), ('sqlite3', 'sqlite3.h')):
        if key in path:
            return label
    if '/c++/' in path or '/include/c++' in path:
        return 'std: <' + path.rsplit('/', 1)[-1] + '>'
    return path


def main() -> int:
    args = sys.argv[1:]
    top = 12
    if '--top' in args:
        i = args.index('--top')
        top = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    events = json.load(open(args[0]))['traceEvents']
    totals = {e['name'][len('Total '):]: e['dur'] / 1e6 for e in events if e.get('name', '').startswith('Total ')}
    complete = [e for e in events if e.get('ph') == 'X' and not e.get('name', '').startswith('Total ')]

    def phase(name):
        return totals.get(name, 0.0)

    print(f"phases (s): frontend {phase('Frontend'):.2f} = parse/sources {phase('Source'):.2f} + "
          f"instantiate functions {phase('InstantiateFunction'):.2f} + classes {phase('InstantiateClass'):.2f}"
          f" (nested inside sources where a header instantiates); backend {phase('Backend'):.2f} = "
          f"optimise {phase('OptModule'):.2f} (per function {phase('OptFunction'):.2f}) + "
          f"codegen {phase('CodeGenPasses'):.2f}; whole {phase('ExecuteCompiler'):.2f}")

    # Sources: inclusive time of each header's first inclusion; group by library for exclusive sums.
    sources = [e for e in complete if e['name'] == 'Source']
    sources.sort(key=lambda e: e['ts'])
    seen, inclusive = set(), []
    for e in sources:
        path = e.get('args', {}).get('detail', '?')
        if path not in seen:
            seen.add(path)
            inclusive.append((e['dur'] / 1e6, path))
    # Exclusive per source: its duration minus the durations of Source events directly nested in it.
    exclusive = defaultdict(float)
    stack = []
    for e in sources:
        start, end = e['ts'], e['ts'] + e['dur']
        while stack and stack[-1][1] <= start:
            stack.pop()
        if stack:
            exclusive[stack[-1][2]] -= e['dur'] / 1e6
        path = e.get('args', {}).get('detail', '?')
        exclusive[path] += e['dur'] / 1e6
        stack.append((start, end, path))
    groups = defaultdict(float)
    for path, secs in exclusive.items():
        groups[header_group(path)] += secs
    print(f"\nparse time by library (exclusive, s; {len(seen)} headers):")
    for secs, name in sorted(((s, n) for n, s in groups.items()), reverse=True)[:top]:
        print(f"  {secs:7.2f}  {name}")
    print("\nheaders by inclusive parse time (s):")
    for secs, path in sorted(inclusive, reverse=True)[:top]:
        print(f"  {secs:7.2f}  {path}")

    for kind, label in (('InstantiateFunction', 'function templates instantiated'),
                        ('InstantiateClass', 'class templates instantiated'),
                        ('OptFunction', 'functions optimised'), ('CodeGen Function', 'functions emitted to IR')):
        by_name = defaultdict(lambda: [0.0, 0])
        for e in complete:
            if e['name'] == kind:
                slot = by_name[short_template(e.get('args', {}).get('detail', '?'))]
                slot[0] += e['dur'] / 1e6
                slot[1] += 1
        count = sum(n for _, n in by_name.values())
        print(f"\n{label}: {count} (top by summed time, s; nested instantiations counted in their parents too)")
        for name, (secs, n) in sorted(by_name.items(), key=lambda kv: -kv[1][0])[:top]:
            print(f"  {secs:7.2f}  x{n:<4} {name[:150]}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
