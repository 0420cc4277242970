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


# Every character of the source font that the first subset lacks: read with fontTools (in
# Debian's python3, like the subset itself), written as a code point list for fontTools.subset.
_REST = '''
import sys
from fontTools.ttLib import TTFont
have = set(TTFont(sys.argv[2]).getBestCmap())
rest = sorted(set(TTFont(sys.argv[1], fontNumber=int(sys.argv[3])).getBestCmap()) - have)
open(sys.argv[4], "w").write(" ".join("%X" % c for c in rest))
'''


def build_font_more(cache_dir: Path, first: Path) -> tuple[Path, str]:
    spec = json.loads((ROOT / "assets/fonts/font.json").read_text(encoding="utf-8"))
    more = spec["more"]
    source = Path(spec["source"])
    key = sha(first.read_bytes() + json.dumps(more, sort_keys=True).encode())
    out = cache_dir / f"{key}-{more['output']}"
    if not out.exists():
        print(f"[stage] subsetting {source.name} -> {more['output']} (every character the first font lacks)", flush=True)
        with tempfile.TemporaryDirectory() as tmpdir:
            codes = Path(tmpdir) / "codes.txt"
            res = subprocess.run(["/usr/bin/python3", "-c", _REST, str(source), str(first), str(spec["font_number"]), str(codes)],
                                 capture_output=True, text=True)
            if res.returncode != 0:
                sys.exit(f"[stage] reading the font's characters failed:\n{res.stderr}")
            tmp = out.with_suffix(".tmp")
            res = subprocess.run(["/usr/bin/python3", "-m", "fontTools.subset", str(source), f"--font-number={spec['font_number']}",
                                  f"--unicodes-file={codes}", f"--output-file={tmp}", "--no-hinting", "--layout-features=*",
                                  "--name-IDs=*"], capture_output=True, text=True)
            if res.returncode != 0:
                sys.exit(f"[stage] font subset failed:\n{res.stderr}")
        tmp.rename(out)
    return out, more["name"]


def png(size: int) -> bytes:
    """The app icon: a white speech bubble with three dots on the app's blue, drawn here
    (standard library only) so that no image is kept in the repository."""
    import struct
    import zlib
    blue, white = (37, 99, 235), (255, 255, 255)
    s = size / 512.0
    def in_round_rect(x, y, x0, y0, x1, y1, r):
        if x < x0 or x > x1 or y < y0 or y > y1:
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    rows = []
    for py in range(size):
        row = bytearray([0])
        y = (py + 0.5) / s
        for px in range(size):
            x = (px + 0.5) / s
            if not in_round_rect(x, y, 0, 0, 512, 512, 96):
                row += bytes((0, 0, 0, 0))
                continue
            bubble = in_round_rect(x, y, 96, 120, 416, 352, 56)
            # the tail, bottom left: a triangle (150,340) (150,420) (240,340)
            tail = 340 <= y <= 420 and x >= 150 and (x - 150) <= (420 - y) * 90 / 80
            dot = any((x - cx) ** 2 + (y - 236) ** 2 <= 24 ** 2 for cx in (176, 256, 336))
            c = blue if dot or not (bubble or tail) else white
            row += bytes((*c, 255))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build/wasm"))
    ap.add_argument("--out", default=str(ROOT / "build/web/dist"))
    args = ap.parse_args()
    build, out = Path(args.build), Path(args.out)

    font_path, font_name = build_font(ROOT / "build/font-cache")
    more_path, more_name = build_font_more(ROOT / "build/font-cache", font_path)
    files = {
        "js": ("kefu.js", build / "kefu.js"),
        "wasm": ("kefu.wasm", build / "kefu.wasm"),
        "font": ("fonts/kefu-cjk.ttf", font_path),
        "font_more": ("fonts/kefu-cjk-more.ttf", more_path),
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
    manifest["font_more"]["name"] = more_name

    html = (ROOT / "shell/index.html").read_text(encoding="utf-8")
    for key in ("style.css", "glue.js", "loader.js"):
        html = html.replace("{{%s}}" % key, urls[key])
    public = {k: manifest[k] for k in ("js", "wasm", "font", "font_more")}
    html = html.replace("{{manifest}}", json.dumps(public, separators=(",", ":")).replace("'", "&#39;"))
    (staging / "index.html").write_text(html, encoding="utf-8")

    # Installable and offline: the web app manifest, icons, and the service worker with the
    # list of files it keeps (the version is a hash of all of them, so any change is a new one).
    icons = []
    for size in (192, 512):
        (staging / f"icon-{size}.png").write_bytes(png(size))
        icons.append({"src": f"icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"})
    app_manifest = {"name": "客服工作台 · Kefu", "short_name": "客服工作台", "lang": "zh-CN", "start_url": "./", "scope": "./",
                    "display": "standalone", "background_color": "#f8fafc", "theme_color": "#1e293b", "icons": icons,
                    "description": "离线客服工作台：工单、知识库、话术、满意度回访与报表，数据只保存在本机浏览器中。"}
    (staging / "manifest.webmanifest").write_text(json.dumps(app_manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    shell_files = ["./"] + [urls[k] for k in ("style.css", "glue.js", "loader.js", "js", "wasm", "font", "font_more")] + \
                  ["manifest.webmanifest", "icon-192.png", "icon-512.png"]
    version = sha("\n".join(shell_files).encode() + html.encode() + (staging / "manifest.webmanifest").read_bytes())
    sw = (ROOT / "shell/sw.js").read_text(encoding="utf-8")
    sw = sw.replace("{{version}}", version).replace("{{files}}", json.dumps(shell_files))
    (staging / "sw.js").write_text(sw, encoding="utf-8")
    (staging / "version.txt").write_text(version + "\n")

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
    print(f"[stage] version {version}")
    print(f"[stage] {out}: wasm+js {total / 1024:.0f} KB gzip, font {sizes['fonts/kefu-cjk.ttf']['gzip'] / 1024:.0f} KB gzip"
          f" (+ {sizes['fonts/kefu-cjk-more.ttf']['gzip'] / 1024:.0f} KB gzip after the first frame)")


if __name__ == "__main__":
    main()
