#!/usr/bin/env python3
"""Stage the web app: copy the wasm build and shell/ into build/web/dist with content-hashed
URLs, subset the CJK font, pre-compress everything (gzip), and write index.html's manifest.

Usage: python3 scripts/stage_web.py [--build build/wasm] [--out build/web/dist]
Standard library only, except the font subset, which runs Debian's /usr/bin/python3 with
fontTools (python3-fonttools), so any python3 can run this script.
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def gb2312_chars() -> str:
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


def build_font(cache_dir: Path) -> tuple[Path, str]:
    spec = json.loads((ROOT / "assets/fonts/font.json").read_text(encoding="utf-8"))
    source = Path(spec["source"])
    if not source.exists():
        sys.exit(f"[stage] font {source} is missing: run scripts/setup.sh (package fonts-wqy-microhei)")
    text = set()
    if "gb2312" in spec["charsets"]:
        text.update(gb2312_chars())
    for table in sorted((ROOT / "assets/i18n").glob("*.json")):
        for value in json.loads(table.read_text(encoding="utf-8")).values():
            text.update(value)
    text = "".join(sorted(text))
    key = sha(source.read_bytes()[:65536] + str(source.stat().st_size).encode()
              + json.dumps(spec, sort_keys=True).encode() + text.encode())
    out = cache_dir / f"{key}-{spec['output']}"
    if not out.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        print(f"[stage] subsetting {source.name} -> {spec['output']}", flush=True)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
            f.write(text)
            text_file = f.name
        tmp = out.with_suffix(".tmp")
        cmd = ["/usr/bin/python3", "-m", "fontTools.subset", str(source), f"--font-number={spec['font_number']}",
               f"--text-file={text_file}", f"--unicodes={','.join(spec['unicode_ranges'])}",
               f"--output-file={tmp}", "--no-hinting", "--layout-features=*", "--name-IDs=*"]
        res = subprocess.run(cmd, capture_output=True, text=True)
        os.unlink(text_file)
        if res.returncode != 0:
            sys.exit(f"[stage] font subset failed:\n{res.stderr}\nIs python3-fonttools installed? (scripts/setup.sh)")
        tmp.rename(out)
    return out, spec["name"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build/wasm"))
    ap.add_argument("--out", default=str(ROOT / "build/web/dist"))
    args = ap.parse_args()
    build, out = Path(args.build), Path(args.out)

    font_path, font_name = build_font(ROOT / "build/font-cache")
    files = {
        "js": ("kefu.js", build / "kefu.js"),
        "wasm": ("kefu.wasm", build / "kefu.wasm"),
        "font": ("fonts/kefu-cjk.ttf", font_path),
        "glue.js": ("glue.js", ROOT / "shell/glue.js"),
        "loader.js": ("loader.js", ROOT / "shell/loader.js"),
        "style.css": ("style.css", ROOT / "shell/style.css"),
    }
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    manifest, urls = {}, {}
    for key, (name, src) in files.items():
        data = src.read_bytes()
        dest = staging / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        urls[key] = f"{name}?v={sha(data)}"
        manifest[key] = {"url": urls[key], "size": len(data)}
    manifest["font"]["name"] = font_name

    html = (ROOT / "shell/index.html").read_text(encoding="utf-8")
    for key in ("style.css", "glue.js", "loader.js"):
        html = html.replace("{{%s}}" % key, urls[key])
    public = {k: manifest[k] for k in ("js", "wasm", "font")}
    html = html.replace("{{manifest}}", json.dumps(public, separators=(",", ":")).replace("'", "&#39;"))
    (staging / "index.html").write_text(html, encoding="utf-8")

    sizes = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        data = path.read_bytes()
        gz = gzip.compress(data, compresslevel=9, mtime=0)
        path.with_name(path.name + ".gz").write_bytes(gz)
        sizes[str(path.relative_to(staging))] = {"raw": len(data), "gzip": len(gz)}
    (staging / "sizes.json").write_text(json.dumps(sizes, indent=1))

    # Swap in atomically enough for a dev server: the old dist stays until the new one is whole.
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    total = sum(v["gzip"] for k, v in sizes.items() if k in ("kefu.js", "kefu.wasm"))
    print(f"[stage] {out}: wasm+js {total / 1024:.0f} KB gzip, font {sizes['fonts/kefu-cjk.ttf']['gzip'] / 1024:.0f} KB gzip")


if __name__ == "__main__":
    main()
