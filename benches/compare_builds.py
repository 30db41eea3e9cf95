#!/usr/bin/env python3
"""Two builds of gongshu side by side on the same large dataset, each run followed by one of fzf,
so that a machine that speeds up or slows down moves both sides of a ratio alike.

    python3 benches/compare_builds.py OLD_BINARY NEW_BINARY DATA.ron LIST.txt [ROUNDS]

DATA.ron is a synthetic dataset (`cargo run --release --example synthetic -- 100000 > DATA.ron`),
LIST.txt its listing (`gongshu --data DATA.ron --color never list > LIST.txt`), which fzf filters.
Prints, for each build, the median cold run (an empty cache each time), warm run, their ratios to
fzf's, and the peak memory of each. Needs fzf.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

OLD, NEW, DATA, LIST = sys.argv[1:5]
ROUNDS = int(sys.argv[5]) if len(sys.argv) > 5 else 7
DEVNULL = open(os.devnull, "w")
QUERY = "电商"


def run(cmd, env=None, stdin=None):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=DEVNULL, stdin=stdin, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    took = (time.perf_counter() - t) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd} failed")
    return took, usage.ru_maxrss / 1024


def fzf():
    with open(LIST) as f:
        return run(["fzf", "--filter", QUERY], stdin=f)[0]


work = tempfile.mkdtemp(prefix="gongshu-compare-")
res = {}
warm = {}
for name, binary in [("old", OLD), ("new", NEW)]:
    d = os.path.join(work, f"warm-{name}")
    os.makedirs(d)
    warm[name] = dict(os.environ, XDG_CACHE_HOME=d)
    run([binary, "--data", DATA, "search", QUERY], env=warm[name])
for _ in range(ROUNDS):
    for name, binary in [("old", OLD), ("new", NEW)]:
        d = os.path.join(work, f"cold-{name}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        os.sync()
        ms, rss = run([binary, "--data", DATA, "search", QUERY], env=dict(os.environ, XDG_CACHE_HOME=d))
        os.sync()  # the entry it wrote goes to disk now, not while fzf runs
        res.setdefault(f"{name} cold", []).append((ms, fzf(), rss))
    for name, binary in [("old", OLD), ("new", NEW)]:
        ms, rss = run([binary, "--data", DATA, "search", QUERY], env=warm[name])
        res.setdefault(f"{name} warm", []).append((ms, fzf(), rss))
shutil.rmtree(work, ignore_errors=True)
for key, runs in res.items():
    ours = statistics.median(r[0] for r in runs)
    ratio = statistics.median(r[0] / r[1] for r in runs)
    peak = max(r[2] for r in runs)
    print(f"{key:9} {ours:7.0f} ms  {ratio:5.2f}x fzf  peak {peak:4.0f} MiB")
