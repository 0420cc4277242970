#!/usr/bin/env python3
"""Run every Kefu test: set up, build, then
  1. core unit tests natively (doctest),
  2. the same unit tests compiled to wasm, under Node,
  3. a short bounded libFuzzer run of the importer (clang, ASan/UBSan),
  4. every benchmark once on tiny data (bench/run.py --tiny: each must still produce its figures),
  5. end-to-end tests in headless Chromium (playwright-core, tests/e2e/*.test.mjs).
The last line is the total:  N passed, N failed

  python3 tests/run.py              # everything
  python3 tests/run.py --unit       # only 1, 2 and 3
  python3 tests/run.py --fuzz 600   # only the fuzzer, for 600 seconds
  python3 tests/run.py --bench      # only 4
  python3 tests/run.py --e2e [FILTER]   # only 5 (FILTER: substring of a test file name)

The end-to-end tests run at a stated time (tests/e2e/lib.mjs, TEST_NOW), never the real date;
KEFU_TEST_NOW=2027-03-01T09:00:00+08:00 moves the whole suite to another day.
"""
import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build  # noqa: E402


def run_doctest(name, cmd):
    t = time.time()
    res = subprocess.run(cmd, cwd=ROOT, env=build.env(), capture_output=True, text=True, errors="replace")
    out = res.stdout + res.stderr
    m = re.search(r"test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed", out)
    if not m:
        print(out)
        print(f"[test] {name}: could not read doctest's summary (exit {res.returncode})")
        return 0, 1
    passed, failed = int(m.group(2)), int(m.group(3))
    if failed or res.returncode != 0:
        print(out)
        failed = max(failed, 1)
    else:  # measured figures the tests print (FAQ relevance)
        for line in out.splitlines():
            if line.startswith("[faq relevance]"):
                print(f"[test] {name}: {line}")
    print(f"[test] {name}: {passed} passed, {failed} failed ({time.time() - t:.1f} s)", flush=True)
    return passed, failed


def run_fuzz(seconds):
    """Bounded fuzzing from the seed corpus; a crash, leak or failed property fails the test."""
    import shutil
    binary = build.build_fuzz()
    work = build.FUZZ / "corpus-run"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(ROOT / "tests/fuzz/corpus", work)
    t = time.time()
    res = subprocess.run([str(binary), str(work), f"-max_total_time={seconds}", "-max_len=65536", "-timeout=20",
                          "-rss_limit_mb=2048", "-print_final_stats=1", f"-artifact_prefix={build.FUZZ}/crash-"],
                         cwd=ROOT, env=build.env(), capture_output=True, text=True)
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", res.stderr)
    ok = res.returncode == 0 and runs is not None
    if not ok:
        print(res.stderr[-4000:])
    print(f"[test] fuzz (importer, {seconds} s): {runs.group(1) if runs else '?'} inputs, "
          f"{'passed' if ok else 'FAILED'} ({time.time() - t:.1f} s)", flush=True)
    return (1, 0) if ok else (0, 1)


def run_bench_tiny():
    """Every benchmark once on tiny data: a benchmark broken by a change fails the day it breaks.
    Nothing is timed against a budget here (that is bench/run.py's full-size job)."""
    t = time.time()
    res = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--tiny"], cwd=ROOT, env=build.env(),
                         capture_output=True, text=True, errors="replace")
    ok = res.returncode == 0
    out = res.stdout + res.stderr
    if not ok:
        print(out[-6000:])
    ran = [line.split()[1].rstrip(":") for line in out.splitlines() if line.startswith("[bench] ") and line.split()[-3:-2] == ["ok"]]
    print(f"[test] benchmarks on tiny data ({', '.join(ran) or 'none'}): {'passed' if ok else 'FAILED'} ({time.time() - t:.1f} s)", flush=True)
    return (1, 0) if ok else (0, 1)


def run_e2e(pattern):
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests/e2e").glob("*.test.mjs") if pattern in p.name)
    if not files:
        print(f"[test] e2e: no test file matches {pattern!r}")
        return 0, 1
    t = time.time()
    cmd = ["node", "--test", "--test-concurrency=1", "--test-reporter=tap"] + files
    proc = subprocess.Popen(cmd, cwd=ROOT, env=build.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    passed = failed = 0
    lines = []
    verdict = None  # a top-level test's line, printed once its duration follows
    for line in proc.stdout:
        lines.append(line)
        if re.match(r"^(not )?ok \d+ ", line):
            if verdict:
                print(f"[e2e] {verdict}", flush=True)
            verdict = line.rstrip()
        m = re.match(r"^  duration_ms: ([\d.]+)", line)
        if m and verdict:
            print(f"[e2e] {verdict} ({float(m.group(1)) / 1000:.1f} s)", flush=True)
            verdict = None
        m = re.match(r"^# (pass|fail) (\d+)", line)
        if m:
            if m.group(1) == "pass":
                passed = int(m.group(2))
            else:
                failed = int(m.group(2))
    proc.wait()
    if verdict:
        print(f"[e2e] {verdict}", flush=True)
    if failed or proc.returncode != 0:
        # Show the failure details (TAP YAML blocks) without the passing noise.
        sys.stdout.write("".join(l for l in lines if not l.startswith(("ok ", "# Subtest"))))
        failed = max(failed, 1)
    print(f"[test] e2e: {passed} passed, {failed} failed ({time.time() - t:.1f} s)", flush=True)
    return passed, failed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--unit", action="store_true")
    ap.add_argument("--e2e", nargs="?", const="", default=None, metavar="FILTER")
    ap.add_argument("--fuzz", type=int, default=None, metavar="SECONDS")
    ap.add_argument("--bench", action="store_true")
    args = ap.parse_args()
    only = args.unit or args.e2e is not None or args.fuzz is not None or args.bench
    want_unit = args.unit or not only
    want_fuzz = args.fuzz is not None or args.unit or not only
    want_bench = args.bench or not only
    want_e2e = args.e2e is not None or not only

    t0 = time.time()
    try:
        build.setup(tests=want_e2e or want_fuzz or want_bench)
        if want_unit:
            build.build_native(["kefu_core_tests"])  # the benchmarks build their own (bench/run.py)
            build.build_wasm(["kefu_core_tests", "kefu_bench"])
        if want_e2e or want_bench:
            build.build_rules()  # the team server's design document (serve.py --team --no-build)
        if want_e2e:
            build.build_web()
    except build.BuildError as e:
        print(f"[test] build failed: {e}")
        print("0 passed, 1 failed")
        return 1

    total_p = total_f = 0
    if want_unit:
        for name, cmd in (
            ("unit (native)", [str(build.NATIVE / "kefu_core_tests"), "--no-colors"]),
            ("unit (wasm/node)", ["node", "--no-experimental-fetch", str(build.WASM / "kefu_core_tests.js"), "--no-colors"]),
        ):
            p, f = run_doctest(name, cmd)
            total_p += p
            total_f += f
    if want_fuzz:
        p, f = run_fuzz(args.fuzz or 20)
        total_p += p
        total_f += f
    if want_bench:
        p, f = run_bench_tiny()
        total_p += p
        total_f += f
    if want_e2e:
        p, f = run_e2e(args.e2e or "")
        total_p += p
        total_f += f
    print(f"[test] all done in {time.time() - t0:.0f} s")
    print(f"{total_p} passed, {total_f} failed")
    return 0 if total_f == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
