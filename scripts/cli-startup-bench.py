#!/usr/bin/python3
"""Times a configuration mistake (`up --worker.batch-size abc`) from process start to exit, for several ways of
starting the JVM, interleaved round by round so that a machine's changing load hits them alike.

usage: scripts/cli-startup-bench.py BEFORE_JAR [RUNS]

BEFORE_JAR is a tagstream.jar built from the code to compare with (e.g. main); the "after" variants use this
tree's jar and launcher (run ./tagstream once first, so the jar and its class-data archive exist). Prints a
Markdown table: wall time median and p90, CPU time (user + system) median, and the exit status seen.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
jar = os.path.join(here, "services/cli/target/tagstream.jar")
archive = os.path.join(here, "services/cli/target/tagstream.jsa")
mistake = ["up", "--worker.batch-size", "abc"]
no_cds_logs = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]


def variants(before_jar):
    java = ["java", "-Xmx4g"]
    return [
        ("before: main's java line, main's jar", java + ["-Dai.djl.offline=true", "-jar", before_jar]),
        ("this jar, no archive", java + no_cds_logs + ["-Dai.djl.offline=true", "-jar", jar]),
        ("this jar + archive (the launcher's java line)",
         java + no_cds_logs + ["-XX:SharedArchiveFile=" + archive, "-Dai.djl.offline=true", "-jar", jar]),
        ("this jar + archive + -XX:TieredStopAtLevel=1",
         java + no_cds_logs + ["-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1",
                               "-Dai.djl.offline=true", "-jar", jar]),
        ("after: ./tagstream (launcher script included)", [os.path.join(here, "tagstream")]),
    ]


def run_once(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd + mistake, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode


def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    vs = variants(sys.argv[1])
    results = {name: [] for name, _ in vs}
    with tempfile.TemporaryDirectory() as cwd:
        for r in range(runs):
            order = vs[r % len(vs):] + vs[:r % len(vs)]  # rotate, so no variant always follows another
            for name, cmd in order:
                results[name].append(run_once(cmd, cwd))
    load = os.getloadavg()
    print(f"{runs} runs each, interleaved; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
          f" on {os.cpu_count()} cores\n")
    print("| variant | wall median (s) | wall p90 (s) | CPU median (s) | exit status |")
    print("|---|---|---|---|---|")
    for name, _ in vs:
        walls = [w for w, _, _ in results[name]]
        cpus = [c for _, c, _ in results[name]]
        codes = sorted({rc for _, _, rc in results[name]})
        print(f"| {name} | {statistics.median(walls):.3f} | {p90(walls):.3f} | {statistics.median(cpus):.3f} |"
              f" {','.join(map(str, codes))} |")


if __name__ == "__main__":
    main()
