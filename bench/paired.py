#!/usr/bin/env python3
"""Paired, interleaved timing of whole commands: round i runs every command once (in a rotating order), so each
command sees the same machine load as its peer. Prints, per command, the median and minimum wall seconds, the median
CPU seconds (user + sys of the process and all its children, from wait4) and the largest peak RSS, then the ratio of
each command's medians to the first command's (the reference) and the paired ratio (median of the per-round ratios),
and the load average before and after.

    bench/paired.py [--runs N] [--warmup K] [--markdown] [--compare X:Y ...] 'label=command' 'label=command' ...

--compare X:Y (repeatable; X and Y are labels or the start of one) adds a table of X against Y, paired per round:
the median of the per-round ratios and of the per-round differences, in wall and in CPU seconds.

Each command is run with /bin/sh -c, stdout and stderr discarded; its exit code is ignored (findings make linters
exit non-zero). The first command is the reference of the ratio columns.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.monotonic()
    proc = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    # ru_maxrss of the shell's wait4 covers the shell and, through RUSAGE_CHILDREN accounting, its waited-for children
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--markdown", action="store_true")
    p.add_argument("--compare", action="append", default=[], metavar="X:Y")
    p.add_argument("commands", nargs="+")
    a = p.parse_args()
    cmds = []
    for c in a.commands:
        label, _, command = c.partition("=")
        cmds.append((label, command))
    for _ in range(a.warmup):
        for _, c in cmds:
            run_once(c)
    before = load()
    samples = {label: [] for label, _ in cmds}
    for i in range(a.runs):
        order = cmds[i % len(cmds):] + cmds[:i % len(cmds)]
        for label, c in order:
            samples[label].append(run_once(c))
    after = load()
    ref = samples[cmds[0][0]]
    print(f"load average before: {before}; after: {after}; {a.runs} interleaved rounds, {a.warmup} warm-up")
    print("| command | wall median s | wall min s | CPU median s | peak RSS MB | wall / ref | CPU / ref | paired wall / ref |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    rw = statistics.median(s[0] for s in ref)
    rc = statistics.median(s[1] for s in ref)
    for label, c in cmds:
        s = samples[label]
        w = statistics.median(x[0] for x in s)
        cpu = statistics.median(x[1] for x in s)
        paired = statistics.median(x[0] / y[0] for x, y in zip(s, ref))
        print(f"| {label} | {w:.3f} | {min(x[0] for x in s):.3f} | {cpu:.3f} | {max(x[2] for x in s):.0f} | "
              f"{w / rw:.2f} | {cpu / rc if rc else 0:.2f} | {paired:.2f} |")
    if a.compare:
        def find(prefix):
            hits = [label for label, _ in cmds if label == prefix] or [label for label, _ in cmds if label.startswith(prefix)]
            if len(hits) != 1:
                sys.exit(f"--compare: '{prefix}' names {len(hits)} commands")
            return hits[0]
        print()
        print("| comparison (paired per round) | wall ratio | wall difference s | CPU ratio | CPU difference s |")
        print("| --- | --- | --- | --- | --- |")
        for pair in a.compare:
            x, _, y = pair.partition(":")
            sx, sy = samples[find(x)], samples[find(y)]
            wr = statistics.median(p[0] / q[0] for p, q in zip(sx, sy))
            wd = statistics.median(p[0] - q[0] for p, q in zip(sx, sy))
            cr = statistics.median(p[1] / q[1] if q[1] else 0 for p, q in zip(sx, sy))
            cd = statistics.median(p[1] - q[1] for p, q in zip(sx, sy))
            print(f"| {find(x)} / {find(y)} | {wr:.2f} | {wd:+.3f} | {cr:.2f} | {cd:+.3f} |")
    if not a.markdown:
        for label, c in cmds:
            print(f"  {label}: {c}", file=sys.stderr)


if __name__ == "__main__":
    main()
