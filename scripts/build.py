#!/usr/bin/env python3
"""Build steps shared by serve.py, tests/run.py and bench/run.py (standard library only).

  python3 scripts/build.py [native|wasm|web|rules|all]

Each step is incremental: CMake/Ninja rebuild only what changed; staging is skipped when
its outputs are newer than every input.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
NATIVE = BUILD / "native"
WASM = BUILD / "wasm"
DIST = BUILD / "web" / "dist"
FUZZ = BUILD / "fuzz"
RULES = BUILD / "team" / "rules.json"


class BuildError(RuntimeError):
    pass


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def env() -> dict:
    e = dict(os.environ)
    # Debian's emscripten needs Debian's JS modules (acorn…) when /usr/bin/node is not Debian's.
    e["NODE_PATH"] = "/usr/share/nodejs" + (os.pathsep + e["NODE_PATH"] if e.get("NODE_PATH") else "")
    return e


def run(cmd, **kw) -> None:
    res = subprocess.run(cmd, cwd=kw.pop("cwd", ROOT), env=env(), **kw)
    if res.returncode != 0:
        raise BuildError(f"command failed ({res.returncode}): {' '.join(map(str, cmd))}")


def setup(tests: bool = False, team: bool = False) -> None:
    t = time.time()
    run(["bash", str(ROOT / "scripts/setup.sh")] + (["--tests"] if tests else []) + (["--team"] if team else []))
    if time.time() - t > 5:
        log(f"setup: {time.time() - t:.0f} s")


def _configure(build_dir: Path, wasm: bool) -> None:
    if (build_dir / "build.ninja").exists():
        return
    log(f"configuring {build_dir.relative_to(ROOT)}")
    cmd = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"]
    run((["emcmake"] + cmd) if wasm else cmd, stdout=subprocess.DEVNULL)


def _build(build_dir: Path, targets, wasm: bool) -> None:
    t = time.time()
    _configure(build_dir, wasm=wasm)
    run(["cmake", "--build", str(build_dir), "--"] + list(targets))
    took = time.time() - t
    if took > 5:  # say where a clean build's minutes go (CI's budget); silent when nothing changed
        log(f"{build_dir.relative_to(ROOT)} {' '.join(targets) or 'all'}: {took:.0f} s")


def build_native(targets=()) -> None:
    _build(NATIVE, targets, wasm=False)


def build_wasm(targets=()) -> None:
    _build(WASM, targets, wasm=True)


def build_rules() -> Path:
    """The team database's rule table (core/write_rules), printed by the native tool
    kefu_rules (tools/rules.cpp, linking core/ alone) into build/team/rules.json, which
    scripts/team_server.py puts into the design document's validation function."""
    build_native(["kefu_rules"])
    out = subprocess.run([str(NATIVE / "kefu_rules"), "table"], capture_output=True, text=True)
    if out.returncode != 0:
        raise BuildError(f"kefu_rules table failed: {out.stderr.strip()}")
    RULES.parent.mkdir(parents=True, exist_ok=True)
    if not RULES.exists() or RULES.read_text() != out.stdout:
        RULES.write_text(out.stdout)
    return RULES


def build_fuzz() -> Path:
    """The importer's libFuzzer binary (clang with ASan/UBSan), in its own build folder."""
    if not (FUZZ / "build.ninja").exists():
        log("configuring build/fuzz (clang, libFuzzer)")
        run(["cmake", "-S", str(ROOT), "-B", str(FUZZ), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DCMAKE_CXX_COMPILER=clang++-14", "-DCMAKE_C_COMPILER=clang-14", "-DKEFU_FUZZ=ON"], stdout=subprocess.DEVNULL)
    t = time.time()
    run(["cmake", "--build", str(FUZZ), "--", "kefu_import_fuzzer"])
    if time.time() - t > 5:
        log(f"build/fuzz kefu_import_fuzzer: {time.time() - t:.0f} s")
    return FUZZ / "kefu_import_fuzzer"


def _newest_input() -> float:
    inputs = [WASM / "kefu.js", WASM / "kefu.wasm", ROOT / "assets/fonts/font.json", ROOT / "scripts/stage_web.py"]
    inputs += list((ROOT / "shell").glob("*")) + list((ROOT / "assets/i18n").glob("*.json"))
    return max(p.stat().st_mtime for p in inputs if p.exists())


def stage() -> None:
    marker = DIST / "index.html"
    if marker.exists() and marker.stat().st_mtime >= _newest_input():
        return
    run([sys.executable, str(ROOT / "scripts/stage_web.py"), "--build", str(WASM), "--out", str(DIST)])


def build_web() -> None:
    t = time.time()
    build_wasm(["kefu_app"])
    stage()
    log(f"web app ready in {time.time() - t:.1f} s: {DIST.relative_to(ROOT)}")


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    try:
        setup(tests=False)
        if what in ("native", "all"):
            build_native()
        if what in ("wasm", "all"):
            build_wasm()
        if what in ("web", "all"):
            build_web()
        if what in ("rules", "all"):
            log(f"rule table: {build_rules().relative_to(ROOT)}")
    except BuildError as e:
        print(f"[build] ERROR: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
