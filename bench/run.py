#!/usr/bin/env python3
"""Kefu benchmark harness: builds what it measures, runs the named benchmarks natively and
as wasm (Node), plus the browser start-up benchmarks, prints a table and writes JSON.

  python3 bench/run.py                    # everything
  python3 bench/run.py --only core        # core micro-benchmarks (native vs wasm)
  python3 bench/run.py --only storage     # 100k cases: load, bytes per change, export, import, memory
  python3 bench/run.py --only cases       # 100k cases: case index, filter + sort, search, SLA, UI frame times
  python3 bench/run.py --only ui          # 100k cases: the CPU time of one frame of the case list and form (headless ImGui)
  python3 bench/run.py --only survey      # 100k cases + 100k responses: results view, callback due list, rate
  python3 bench/run.py --only faq         # 10k FAQ articles: search per keystroke, updates, memory, vs substring scan
  python3 bench/run.py --only browser     # start-up, bytes, idle frames, sign-in, demo reset
  python3 bench/run.py --only team        # 100k cases: a station's first sync vs PouchDB's replicate(), change latency;
                                          # and 100 stations' feeds and writes at a 1,000-agent centre's rate (team_load);
                                          # and what the server's validation costs a push (team_rules)
  python3 bench/run.py --runs 7           # browser runs (median reported)
  python3 bench/run.py --tiny             # every benchmark once on tiny data (1,000 cases, one
                                          # browser run; the UI frame benchmark as wasm only): checks
                                          # each still produces its figures; the test command runs
                                          # this, so a broken one fails CI

A benchmark that fails is reported and the others still run; the exit status is non-zero if
any failed. Budgets are judged on full-size runs only (tiny runs time nothing that matters).

Results: build/bench/results.json. Copy the figures you measured into BENCHMARKS.md with
the command that produced them. Compare ratios, not absolute times: machines are shared.
"""
import argparse
import json
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import build  # noqa: E402

class BenchError(RuntimeError):
    pass


JUDGE = True  # budgets are judged on full-size runs only (--tiny clears it)

BUDGET_WASM_JS_GZIP = 1.5 * 1024 * 1024
BUDGET_COLD_MS = 2000
BUDGET_WARM_MS = 800


def core_bench(scale=1.0):
    rows = {}
    for label, cmd in (("native", [str(build.NATIVE / "kefu_bench"), str(scale)]),
                       ("wasm", ["node", "--no-experimental-fetch", str(build.WASM / "kefu_bench.js"), str(scale)])):
        res = subprocess.run(cmd, cwd=ROOT, env=build.env(), capture_output=True, text=True)
        if res.returncode != 0:
            raise BenchError(f"kefu_bench ({label}) failed:\n{res.stdout}\n{res.stderr}")
        for line in res.stdout.splitlines():
            if line.startswith("{"):
                r = json.loads(line)
                rows.setdefault(r["name"], {})[label] = r["ns_per_op"]
    print(f"\n{'core benchmark':32} {'native ns/op':>14} {'wasm ns/op':>14} {'wasm/native':>12}")
    if not rows:
        raise BenchError("kefu_bench printed no figures")
    for name, r in rows.items():
        ratio = r["wasm"] / r["native"] if r.get("native") else float("nan")
        r["ratio"] = ratio
        print(f"{name:32} {r['native']:14.1f} {r['wasm']:14.1f} {ratio:12.2f}")
    return rows


STORAGE_BUDGETS = {  # name: (budget, unit, applies to)
    "cold_load_100k": (1500, "ms", "wasm"),
    "bytes_per_change_1k": (65536, "bytes", "both"),
    "bytes_per_change_10k": (65536, "bytes", "both"),
    "bytes_per_change_100k": (65536, "bytes", "both"),
    "export_100k_cases": (3000, "ms", "both"),
    "validate_and_import_100k_cases": (5000, "ms", "both"),
    "memory_fresh_process_after_load": (300, "MB", "wasm"),
}


CASE_BUDGETS = {
    "filter_sort_p99": (20, "ms", "wasm"),
    "search_p99": (30, "ms", "wasm"),
    "sla_state_all_p99": (10, "ms", "wasm"),
}


def table_bench(title, binary, args, budgets, more_runs=(), size=None, sides=("native", "wasm")):
    """Runs a benchmark binary natively and as wasm (then again with each of more_runs' argument
    lists, in order); prints value per measure and budget. `sides`: which of the two to run."""
    rows = {}
    for label, cmd in (("native", [str(build.NATIVE / binary)]),
                       ("wasm", ["node", "--no-experimental-fetch", str(build.WASM / (binary + ".js"))])):
        if label not in sides:
            continue
        for run_args in [args, *more_runs]:
            out = subprocess.run(cmd + [a.replace("{label}", label) for a in run_args], cwd=ROOT, env=build.env(),
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise BenchError(f"{binary} ({label}) failed:\n{out.stdout}\n{out.stderr}")
            for line in out.stdout.splitlines():
                if line.startswith("{"):
                    r = json.loads(line)
                    rows.setdefault(r["name"], {"unit": r["unit"]})[label] = r["value"]
    # Every budgeted figure must be there, on both sides: a benchmark that stops printing one is
    # broken. A figure named for a size ("bytes_per_change_100k") is only printed at that size.
    def expected(name):
        m = re.search(r"_(\d+)k$", name)
        return not (m and size is not None and int(m.group(1)) * 1000 > size)
    missing = [f"{name} ({side})" for name in budgets if expected(name) for side in sides if side not in rows.get(name, {})]
    if missing:
        raise BenchError(f"{binary} did not produce: {', '.join(missing)}")
    print(f"\n{title:42} {'native':>12} {'wasm':>12} {'unit':>6}  budget")
    for name, r in rows.items():
        budget = budgets.get(name)
        verdict = ""
        if budget and JUDGE:
            limit, _, applies = budget
            checked = [r[k] for k in (("native", "wasm") if applies == "both" else (applies,))]
            verdict = f"<= {limit:g} ({applies}) " + ("ok" if all(v <= limit for v in checked) else "MISSED")
        print(f"{name:42} {r.get('native', float('nan')):12.1f} {r.get('wasm', float('nan')):12.1f} {r['unit']:>6}  {verdict}")
    return rows


FAQ_BUDGETS = {
    "faq_index_build_10k": (1000, "ms", "wasm"),
    "faq_index_heap_in_use": (60, "MB", "wasm"),
    "faq_query_p50": (1, "ms", "wasm"),
    "faq_query_p99": (5, "ms", "wasm"),
    "faq_update_p99": (2, "ms", "wasm"),
}


def faq_bench(articles=10000):
    return table_bench("FAQ search benchmark (%d articles)" % articles, "kefu_faq_bench", [str(articles)], FAQ_BUDGETS)


UI_BUDGETS = {
    "case_list_frame_p50": (4, "ms", "wasm"),
}


def storage_bench(cases):
    work = "/tmp/kefu-storage-bench-{label}"
    # Memory as the app holds it: the database loaded by a process that did nothing else.
    return table_bench("storage benchmark (%d cases + %d FAQ)" % (cases, cases // 10), "kefu_storage_bench",
                       [work, str(cases)], STORAGE_BUDGETS,
                       more_runs=([work, str(cases), "populate"], [work, str(cases), "load"]), size=cases)


SURVEY_BUDGETS = {
    "survey_results_p99": (50, "ms", "wasm"),
    "callback_due_list_p99": (20, "ms", "wasm"),
    "dashboard_kpis_today_and_month_p99": (50, "ms", "wasm"),
}


def survey_bench(cases):
    return table_bench("survey benchmark (%d cases, %d responses)" % (cases, cases), "kefu_survey_bench", [str(cases), str(cases)],
                       SURVEY_BUDGETS)


def case_bench(cases):
    return table_bench("case list benchmark (%d cases)" % cases, "kefu_case_bench", [str(cases)], CASE_BUDGETS)


def ui_bench(cases, sides=("native", "wasm")):
    font = build.DIST / "fonts/kefu-cjk.ttf"  # staged by the web build; the built-in font otherwise
    args = [str(cases)] + ([str(font)] if font.exists() else [])
    return table_bench("UI frame benchmark (%d cases, headless)" % cases, "kefu_ui_bench", args, UI_BUDGETS, sides=sides)


BUDGET_TEAM_FIRST_SYNC_MS = 60_000   # 100,000 cases into an empty station
BUDGET_TEAM_RATIO = 2.0              # at least 2x faster than PouchDB's replicate()
BUDGET_TEAM_CHANGE_P95_MS = 2000     # a change elsewhere visible here


def team_bench(cases, changes):
    build.build_native(["kefu_team_fixture"])
    out = subprocess.run(["node", str(ROOT / "bench/team_sync.mjs"), "--cases", str(cases), "--changes", str(changes)],
                         cwd=ROOT, env=build.env(), capture_output=True, text=True)
    if out.returncode != 0:
        raise BenchError(f"team benchmark failed:\n{out.stdout}\n{out.stderr}")
    r = json.loads(out.stdout.strip().splitlines()[-1])

    def ok(flag):
        return ("ok" if flag else "MISSED") if JUDGE else "(tiny run: not judged)"

    print(f"\n{'team sync (%d cases, 5 revisions each)' % cases:52} {'value':>12} {'budget':>12}")
    print(f"{'team database, as JSON':52} {r['db_bytes'] / 1048576:9.1f} MB")
    print(f"{'first sync into an empty station (to 已同步)':52} {r['kefu_first_sync_ms']:9.0f} ms {'<= 60000 ms':>12} "
          f"{ok(r['kefu_first_sync_ms'] <= BUDGET_TEAM_FIRST_SYNC_MS)}")
    print(f"{'station memory after it: wasm + JS heap':52} {r['kefu_wasm_mb'] + r['kefu_js_heap_mb']:9.0f} MB {'<= 300 MB':>12} "
          f"{ok(r['kefu_wasm_mb'] + r['kefu_js_heap_mb'] <= 300)}")
    print(f"{'PouchDB replicate(), same browser, same database':52} {r['pouchdb_replicate_ms']:9.0f} ms")
    print(f"{'PouchDB time / Kefu time':52} {r['ratio_pouchdb_over_kefu']:11.2f}x {'>= 2x':>12} "
          f"{ok(r['ratio_pouchdb_over_kefu'] >= BUDGET_TEAM_RATIO)}")
    print(f"{'a change on the server applied at the station, p50':52} {r['change_p50_ms']:9.0f} ms")
    print(f"{'a change on the server applied at the station, p95':52} {r['change_p95_ms']:9.0f} ms {'<= 2000 ms':>12} "
          f"{ok(r['change_p95_ms'] <= BUDGET_TEAM_CHANGE_P95_MS)}")
    print(f"{'station memory reopened from its files (wasm)':52} {r['kefu_wasm_after_reload_mb']:9.0f} MB {'<= 300 MB':>12} "
          f"{ok(r['kefu_wasm_after_reload_mb'] <= 300)}")
    return r


BUDGET_RULES_OVERHEAD_PCT = 20      # the validation's cost on pushing 10,000 changes
BUDGET_SIGN_IN_MS = 1000            # the team sign-in on loopback


def team_rules_bench(changes):
    """What the design document's validation costs a push (issue "Team security")."""
    out = subprocess.run(["node", str(ROOT / "bench/team_rules.mjs"), "--changes", str(changes)],
                         cwd=ROOT, env=build.env(), capture_output=True, text=True)
    if out.returncode != 0:
        raise BenchError(f"team rules benchmark failed:\n{out.stdout}\n{out.stderr}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    ok = (("ok" if r["overhead_pct"] <= BUDGET_RULES_OVERHEAD_PCT else "MISSED") if JUDGE else "(tiny run: not judged)")
    print(f"\n{'team rules (%d changes pushed, median of %d)' % (changes, r['runs']):52} {'value':>12} {'budget':>12}")
    print(f"{'push without the validation':52} {r['without_ms']:9.0f} ms")
    print(f"{'push with a validation that does nothing':52} {r['empty_validation_ms']:9.0f} ms   (+{r['empty_overhead_pct']:.0f} %: the server's own cost)")
    print(f"{'push with the validation (rule table, every rule)':52} {r['with_rules_ms']:9.0f} ms")
    print(f"{'the validation costs':52} {r['overhead_pct']:10.1f} % {'<= 20 %':>12} {ok}")
    ok = (("ok" if r["signin_max_ms"] <= BUDGET_SIGN_IN_MS else "MISSED") if JUDGE else "(tiny run: not judged)")
    print(f"{'team sign-in (3 requests through serve.py; median)':52} {r['signin_ms']:9.1f} ms")
    print(f"{'team sign-in, slowest of 20':52} {r['signin_max_ms']:9.1f} ms {'<= %d ms' % BUDGET_SIGN_IN_MS:>12} {ok}")
    return r


def team_load_bench(stations, rate, seconds, filtered=False):
    """Many stations' live feeds and writes against one team database (docs/team-sync.md);
    `filtered`: every feed through the working set's design-document filter."""
    build.build_native(["kefu_team_fixture"])
    out = subprocess.run(["node", str(ROOT / "bench/team_load.mjs"), "--stations", str(stations), "--rate", str(rate),
                          "--seconds", str(seconds)] + (["--filter"] if filtered else []),
                         cwd=ROOT, env=build.env(), capture_output=True, text=True)
    if out.returncode != 0:
        raise BenchError(f"team load benchmark failed:\n{out.stdout}\n{out.stderr}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n{'team load (%d stations, %.1f writes/s, %d s%s)' % (stations, rate, seconds, ', filtered' if filtered else ''):52} {'value':>12}")
    print(f"{'writes answered, p50 / p95 / p99':52} {r['write_p50_ms']:>4} / {r['write_p95_ms']} / {r['write_p99_ms']} ms")
    print(f"{'each write in every live feed, p50 / p95 / p99':52} {r['delivery_p50_ms']:>4} / {r['delivery_p95_ms']} / {r['delivery_p99_ms']} ms")
    print(f"{'deliveries / expected':52} {r['deliveries']:>6} / {r['deliveries_expected']}")
    print(f"{'server CPU (share of one core)':52} {r['server_cpu_share']:9.2f}")
    return r


def browser_bench(runs):
    sizes = json.loads((build.DIST / "sizes.json").read_text())
    out = subprocess.run(["node", str(ROOT / "bench/startup.mjs"), "--runs", str(runs)], cwd=ROOT, env=build.env(),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise BenchError(f"browser benchmark failed:\n{out.stdout}\n{out.stderr}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    s = res["summary"]
    missing = [k for k, v in s.items() if v is None]
    if missing:
        raise BenchError(f"browser benchmark did not produce: {', '.join(missing)}")
    code_gzip = sizes["kefu.js"]["gzip"] + sizes["kefu.wasm"]["gzip"]
    code_raw = sizes["kefu.js"]["raw"] + sizes["kefu.wasm"]["raw"]
    font = sizes["fonts/kefu-cjk.ttf"]
    shell_gzip = sum(sizes[k]["gzip"] for k in ("index.html", "glue.js", "loader.js", "style.css"))
    cold_total = sum(s["cold_transferred"].values())
    warm_total = sum(s["warm_transferred"].values())

    def ok(flag):
        return ("ok" if flag else "MISSED") if JUDGE else "(tiny run: not judged)"

    print(f"\n{'browser benchmark (median of %d)' % runs:44} {'value':>14} {'budget':>12}")
    print(f"{'wasm + JS, gzip':44} {code_gzip / 1024:11.0f} KB {'<= 1536 KB':>12} {ok(code_gzip <= BUDGET_WASM_JS_GZIP)}")
    print(f"{'wasm + JS, raw':44} {code_raw / 1024:11.0f} KB")
    print(f"{'CJK font (subset), gzip / raw':44} {font['gzip'] / 1024:6.0f} / {font['raw'] / 1024:.0f} KB")
    print(f"{'shell (html, css, loader, glue), gzip':44} {shell_gzip / 1024:11.0f} KB")
    print(f"{'cold: navigation -> first frame':44} {s['cold_first_frame_ms']:11.0f} ms {'<= 2000 ms':>12} {ok(s['cold_first_frame_ms'] <= BUDGET_COLD_MS)}")
    print(f"{'cold: navigation -> CJK font ready':44} {s['cold_font_ready_ms']:11.0f} ms")
    print(f"{'warm: navigation -> first frame':44} {s['warm_first_frame_ms']:11.0f} ms {'<= 800 ms':>12} {ok(s['warm_first_frame_ms'] <= BUDGET_WARM_MS)}")
    print(f"{'warm: navigation -> CJK font ready':44} {s['warm_font_ready_ms']:11.0f} ms")
    print(f"{'offline (service worker): navigation -> first frame':44} {s['offline_first_frame_ms']:11.0f} ms {'<= 800 ms':>12} {ok(s['offline_first_frame_ms'] <= BUDGET_WARM_MS)}")
    print(f"{'cold: bytes over the wire (all files)':44} {cold_total / 1024:11.0f} KB")
    print(f"{'warm: bytes over the wire (all files)':44} {warm_total / 1024:11.0f} KB")
    print(f"{'frames rendered in 2 s idle':44} {s['idle_frames_2s']:14d} {'0':>12} {ok(s['idle_frames_2s'] == 0)}")
    pin = s['signin_pbkdf2_ms']
    print(f"{'sign-in: PBKDF2-SHA256 x 1.2M (WebCrypto)':44} {pin:11.0f} ms {'100-500 ms':>12} {ok(100 <= pin <= 500)}")
    print(f"{'sign-in: Enter -> signed in':44} {s['signin_enter_to_signed_in_ms']:11.0f} ms")
    print(f"{'demo: data generated on first visit (wasm)':44} {s['demo_first_visit_ms']:11.0f} ms {'<= 2000 ms':>12} {ok(s['demo_first_visit_ms'] <= 2000)}")
    print(f"{'demo: reset to pristine data (wasm)':44} {s['demo_reset_ms']:11.0f} ms {'<= 2000 ms':>12} {ok(s['demo_reset_ms'] <= 2000)}")
    more = sizes["fonts/kefu-cjk-more.ttf"]
    print(f"{'rest of the CJK font (after 1st frame), gzip / raw':44} {more['gzip'] / 1024:6.0f} / {more['raw'] / 1024:.0f} KB")
    print(f"{'cold: navigation -> rest of the font merged':44} {s['cold_font_more_ready_ms']:11.0f} ms")
    print(f"{'warm: navigation -> rest of the font merged':44} {s['warm_font_more_ready_ms']:11.0f} ms")
    print(f"{'rest of the font: merging (main thread)':44} {s['font_more_merge_ms']:11.1f} ms")
    print(f"{'draft write, 20,000-char case (worst burst)':44} {s['draft_write_ms']:11.1f} ms {'<= 5 ms':>12} {ok(s['draft_write_ms'] <= 5)}")
    restore = s['draft_read_ms'] + s['draft_restore_ms']
    print(f"{'draft at start-up: IndexedDB read + restore':44} {restore:11.1f} ms {'<= 50 ms':>12} {ok(restore <= 50)}")
    return {"sizes": sizes, "code_gzip": code_gzip, "font": font, **res}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=["core", "storage", "cases", "ui", "survey", "faq", "browser", "team", "team_load", "team_rules"])
    ap.add_argument("--cases", type=int, default=100000, help="cases for the storage and case list benchmarks")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tiny", action="store_true", help="1,000 cases, one browser run: does every benchmark still work?")
    args = ap.parse_args()
    if args.tiny:
        global JUDGE
        args.cases, args.runs, JUDGE = 1000, 1, False
    build.setup(tests=args.only != "core")
    results = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": subprocess.run(["uname", "-srm"], capture_output=True, text=True).stdout.strip(),
               "cases": args.cases, "runs": args.runs}
    benches = [  # (name, targets to build, what to run)
        ("core", ["kefu_bench"], lambda: core_bench(0.01 if args.tiny else 1.0)),
        ("storage", ["kefu_storage_bench"], lambda: storage_bench(args.cases)),
        ("cases", ["kefu_case_bench"], lambda: case_bench(args.cases)),
        # Tiny: the wasm build only (what users run; the same source). Its native twin needs Dear
        # ImGui and every view compiled natively, six of CI's minutes, for a comparison column.
        ("ui", ["kefu_ui_bench"], lambda: ui_bench(args.cases, ("wasm",) if args.tiny else ("native", "wasm"))),
        ("survey", ["kefu_survey_bench"], lambda: survey_bench(args.cases)),
        ("faq", ["kefu_faq_bench"], lambda: faq_bench(1000 if args.tiny else 10000)),
        ("browser", None, lambda: browser_bench(args.runs)),
        ("team", None, lambda: team_bench(200 if args.tiny else args.cases, 5 if args.tiny else 100)),
        ("team_load", None, lambda: team_load_bench(*((5, 5, 5) if args.tiny else (100, 9.4, 60)))),
        ("team_load", None, lambda: team_load_bench(*((5, 5, 5, True) if args.tiny else (100, 9.4, 60, True)))),
        ("team_rules", None, lambda: team_rules_bench(200 if args.tiny else 10000)),
    ]
    groups = {"ui": "cases", "team_load": "team", "team_rules": "team"}  # --only cases runs the UI frame benchmark too; --only team the load
    failed = []
    for name, targets, run in benches:
        if args.only not in (None, name, groups.get(name)):
            continue
        t = time.time()
        try:
            if targets is None:
                build.build_web()
                if name.startswith("team"):
                    build.build_rules()  # serve.py --team's design document
            else:
                if not (args.tiny and name == "ui"):
                    build.build_native(targets)
                build.build_wasm(targets)
            results[name] = run()
            print(f"[bench] {name}: ok ({time.time() - t:.1f} s)", flush=True)
        except (BenchError, build.BuildError, subprocess.SubprocessError, ValueError, KeyError, OSError) as e:
            failed.append(name)
            print(f"[bench] {name}: FAILED ({time.time() - t:.1f} s)\n{e}", flush=True)
            if not isinstance(e, (BenchError, build.BuildError)):
                traceback.print_exc()
    dest = ROOT / "build/bench" / ("results-tiny.json" if args.tiny else "results.json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(results, indent=1))
    print(f"\n[bench] wrote {dest.relative_to(ROOT)}")
    if failed:
        print(f"[bench] failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
