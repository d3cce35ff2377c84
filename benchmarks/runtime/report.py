"""Writes the results of benchmarks/run_all.sh into docs/benchmarks.md (everything below the results marker) and
draws docs/img/*.png with gnuplot.  Usage: report.py RESULTS_DIR BENCHMARKS_MD IMG_DIR
Every input is a TSV whose first line, "# col<TAB>col...", names its columns; a missing one is reported, not fatal."""
import os
import shutil
import subprocess
import sys

MARKER = "<!-- results: everything below is written by benchmarks/run_all.sh -->"

TITLES = {
    "sqlite": ("SQLite runtime", "in-process medians (`benchmark_runtime`); ratio to the one-transaction floor "
               "for upgrades, to the raw C API for the rest"),
    "peers": ("SQLite against other tools", "whole processes; ratio to migrate"),
    "postgres": ("PostgreSQL", "whole processes on a throw-away loopback server (fsync=off); ratio to "
                 "`psql -1 -f all.sql`"),
    "racing": ("Racing starters", "processes started together, each running `upgrade_all`; ratio to one starter"),
    "compile_time": ("Compile time", "from `--target benchmark-compile-time`"),
    "fhir": ("FHIR bulk", "from `--target run_fhir_bulk_benchmark`"),
}


def read_tsv(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    if not lines:
        return None
    header = lines[0].lstrip("#").strip().split("\t")
    return header, [line.split("\t") for line in lines[1:] if not line.startswith("#")]


def markdown_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row + [""] * (len(header) - len(row))) + " |" for row in rows]
    return "\n".join(out)


def column(header, *names):
    for name in names:
        if name in header:
            return header.index(name)
    return None


def gnuplot(script, img_dir, name):
    if not shutil.which("gnuplot"):
        return None
    path = os.path.join(img_dir, name)
    subprocess.run(["gnuplot"], input=f"set terminal pngcairo size 900,480 font 'sans,10'\nset output '{path}'\n"
                   + script, text=True, check=True)
    return name


def ratio_plot(tables, results, img_dir):
    """One bar per contender: its time over its floor (1 = the floor)."""
    bars = []
    picks = [("sqlite", "upgrade_fresh", ["migrate_default", "migrate_single_transaction"], "SQLite "),
             ("postgres", None, ["migrate_default", "migrate_single_transaction", "psql_per_statement"], "PG "),
             ("racing", None, None, "race ")]
    for name, op, contenders, prefix in picks:
        t = tables.get(name)
        if not t:
            continue
        header, rows = t
        c_ratio = len(header) - 2 if name != "sqlite" else column(header, "ratio")
        for row in rows:
            if name == "sqlite" and (row[0] != op or row[1] not in contenders):
                continue
            if name == "postgres" and row[0] not in contenders:
                continue
            if name == "racing" and not row[1].startswith("16"):
                continue
            label = prefix + (row[1] if name == "sqlite" else row[0] if name == "postgres" else row[0] + " 16 vs 1")
            bars.append((label.replace("migrate_", "").replace("_", " "), row[c_ratio]))
    if not bars:
        return None
    data = os.path.join(results, "ratios.dat")
    with open(data, "w") as f:
        for label, value in bars:
            f.write(f'"{label}" {value}\n')
    return gnuplot(f"""set title 'time / floor (1 = the floor: one transaction; racing: one starter)'
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -25
set grid ytics
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2
plot '{data}' using 0:2:xtic(1) with boxes notitle, '' using 0:2:(sprintf('%.2f', $2)) with labels offset 0,0.7 notitle
""", img_dir, "benchmark-ratios.png")


def compile_plot(table, results, img_dir):
    header, rows = table
    c_n = column(header, "n", "N", "migrations", "chain_length")
    c_group = column(header, "contender", "compiler", "checker")
    c_value = next((i for i, h in enumerate(header) if h.endswith("_s") or h.endswith("_ms") or h in ("seconds", "ms")),
                   None)
    if c_n is None or c_value is None:
        return None
    c_shape = column(header, "shape")  # one line per contender and chain shape
    c_status = column(header, "status")
    groups = {}
    for row in rows:
        if c_status is not None and row[c_status] != "ok":
            continue
        name = row[c_group] if c_group is not None else "time"
        if c_shape is not None:
            name += f" ({row[c_shape]})"
        groups.setdefault(name, []).append((float(row[c_n]), float(row[c_value])))
    plots = []
    for i, (group, points) in enumerate(groups.items()):
        data = os.path.join(results, f"compile_{i}.dat")
        with open(data, "w") as f:
            for n, v in sorted(points):
                f.write(f"{n} {v}\n")
        plots.append(f"'{data}' using 1:2 with linespoints title '{group}'")
    return gnuplot(f"""set title 'compile time of the chain check vs N'
set xlabel 'migrations (N)'
set ylabel '{header[c_value]}' noenhanced
set grid
set key left top
set key noenhanced
plot {', '.join(plots)}
""", img_dir, "benchmark-compile-time.png")


def main():
    results, page, img_dir = sys.argv[1:4]
    os.makedirs(img_dir, exist_ok=True)
    tables = {name: read_tsv(os.path.join(results, name + ".tsv")) for name in TITLES}
    # fhir_race_benchmark's rows (processes, contender, median_ms, ratio) join the racing table.
    fhir_race = read_tsv(os.path.join(results, "fhir_race.tsv"))
    if fhir_race:
        header, rows = tables.get("racing") or (["store", "contender", "median_ms", "ratio_to_one", "runs_ms"], [])
        rows = rows + [["fhir", f"{r[0]} starter(s)", r[2], r[3], "(median, fhir_race_benchmark)"] for r in fhir_race[1]]
        tables["racing"] = (header, rows)
    notes = {}
    if os.path.exists(os.path.join(results, "notes.tsv")):
        for line in open(os.path.join(results, "notes.tsv")):
            name, _, why = line.rstrip("\n").partition("\t")
            notes.setdefault(name, []).append(why)
    meta = read_tsv(os.path.join(results, "meta.tsv"))
    out = [MARKER, "", "## Latest run", ""]
    if meta:
        for row in [meta[0]] + meta[1]:
            out.append(f"- {row[0]}: {row[1]}")
    out.append("")
    ratios = ratio_plot(tables, results, img_dir)
    if ratios:
        out += [f"![runtime ratios to the floors](img/{ratios})", ""]
    for name, (title, how) in TITLES.items():
        out += [f"### {title}", "", f"{how}.", ""]
        if tables[name]:
            header, rows = tables[name]
            out += [markdown_table(header, rows), ""]
            if name == "compile_time":
                plot = compile_plot(tables[name], results, img_dir)
                if plot:
                    out += [f"![compile time vs N](img/{plot})", ""]
        else:
            why = "; ".join(notes.get(name, [])) or "no results"
            out += [f"Not measured in this run: {why}.", ""]
    with open(page) as f:
        text = f.read()
    head = text.split(MARKER)[0].rstrip("\n")
    with open(page, "w") as f:
        f.write(head + "\n\n" + "\n".join(out).rstrip("\n") + "\n")
    print(f"report: wrote {page}" + (f" and {img_dir}/" if ratios else ""))


if __name__ == "__main__":
    main()
