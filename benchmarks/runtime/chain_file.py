"""Reading the generated chain (bench_chain.sql: "-- <revision> <parent>", up SQL, "-- down", down SQL) for the
Python peers, and timing medians the way runtime_benchmark.cpp does."""
import statistics
import time


def parse_chain(path):
    """[(revision, parent or None, up_sql, down_sql)] in chain order."""
    migrations = []
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("-- ") and lines[i] != "-- down":
            parts = lines[i][3:].split(" ")
            revision, parent = parts[0], (parts[1] if len(parts) > 1 and parts[1] else None)
            up, down = lines[i + 1], lines[i + 3]
            migrations.append((revision, parent, up, down))
            i += 4
        else:
            i += 1
    return migrations


def statements(sql):
    return [s.strip() for s in sql.split(";") if s.strip()]


def median_ms(repetitions, prepare, work):
    samples = []
    for _ in range(repetitions):
        prepare()
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
