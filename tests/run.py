#!/usr/bin/env python3
"""Run every Kefu test: set up, build, then
  1. core unit tests natively (doctest),
  2. the same unit tests compiled to wasm, under Node,
  3. end-to-end tests in headless Chromium (playwright-core, tests/e2e/*.test.mjs).
The last line is the total:  N passed, N failed

  python3 tests/run.py              # everything
  python3 tests/run.py --unit       # only 1 and 2
  python3 tests/run.py --e2e [FILTER]   # only 3 (FILTER: substring of a test file name)
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
    res = subprocess.run(cmd, cwd=ROOT, env=build.env(), capture_output=True, text=True)
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
    print(f"[test] {name}: {passed} passed, {failed} failed ({time.time() - t:.1f} s)", flush=True)
    return passed, failed


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
    for line in proc.stdout:
        lines.append(line)
        if re.match(r"^ok \d+ ", line):
            print(f"[e2e] {line.rstrip()}", flush=True)
        elif re.match(r"^not ok \d+ ", line):
            print(f"[e2e] {line.rstrip()}", flush=True)
        m = re.match(r"^# (pass|fail) (\d+)", line)
        if m:
            if m.group(1) == "pass":
                passed = int(m.group(2))
            else:
                failed = int(m.group(2))
    proc.wait()
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
    args = ap.parse_args()
    want_unit = args.unit or args.e2e is None
    want_e2e = args.e2e is not None or not args.unit

    t0 = time.time()
    try:
        build.setup(tests=want_e2e)
        if want_unit:
            build.build_native()
            build.build_wasm(["kefu_core_tests", "kefu_bench"])
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
    if want_e2e:
        p, f = run_e2e(args.e2e or "")
        total_p += p
        total_f += f
    print(f"[test] all done in {time.time() - t0:.0f} s")
    print(f"{total_p} passed, {total_f} failed")
    return 0 if total_f == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
