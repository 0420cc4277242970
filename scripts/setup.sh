#!/usr/bin/env bash
# Kefu dependency setup: idempotent, registries only (Debian archive + npm).
# Called by serve.py and tests/run.py; fast when everything is already present.
#
#   scripts/setup.sh            everything needed to build and serve the app
#   scripts/setup.sh --tests    also what the tests need (chromium, playwright-core, the team server)
#   scripts/setup.sh --team     also the small-team database server (serve.py --team)
#
# Third-party code lands in ignored folders only:
#   .cache/imgui/           Dear ImGui >= 1.92 sources (from Debian's source archive)
#   tests/e2e/node_modules/ playwright-core, pouchdb (its browser build: the team benchmark's comparison) (from npm)
#   team/node_modules/      pouchdb-server (from npm; CouchDB's HTTP API on LevelDB)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
WANT_TESTS=0
WANT_TEAM=0
for arg in "$@"; do
  case "$arg" in
    --tests) WANT_TESTS=1; WANT_TEAM=1 ;;
    --team)  WANT_TEAM=1 ;;
  esac
done

say()  { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- Debian packages -------------------------------------------------------
BUILD_PKGS=(emscripten cmake ninja-build g++ nlohmann-json3-dev doctest-dev fonts-wqy-microhei python3-fonttools xz-utils nodejs)
TEST_PKGS=(chromium npm clang-14 libclang-rt-14-dev nginx)

missing=()
pkgs=("${BUILD_PKGS[@]}")
(( WANT_TESTS )) && pkgs+=("${TEST_PKGS[@]}")
(( WANT_TEAM && ! WANT_TESTS )) && pkgs+=(npm)
for p in "${pkgs[@]}"; do
  # node/npm may come from elsewhere (e.g. nodesource); accept a working binary.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm)    command -v npm  >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    fail "missing Debian packages: ${missing[*]}
        Run:  sudo apt-get update && sudo apt-get install -y ${missing[*]}
        then run this command again."
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed: is the Debian archive reachable? (check network / proxy)"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install failed for: ${missing[*]}"
else
  say "Debian packages: ok"
fi

# ---- Dear ImGui >= 1.92 sources ---------------------------------------------
# Debian 12 ships 1.86 as a prebuilt .a only; 1.92 sources come from the source
# package in testing/unstable, fetched with apt into a private list folder so the
# machine's apt configuration is untouched.
IMGUI_DIR="$CACHE/imgui"
if [[ -f "$IMGUI_DIR/imgui.h" ]]; then
  say "Dear ImGui sources: ok ($(grep -m1 '#define IMGUI_VERSION ' "$IMGUI_DIR/imgui.h" | awk '{print $3}'))"
else
  mkdir -p "$CACHE/apt/lists/partial" "$CACHE/dl"
  tarball=$(ls "$CACHE"/dl/imgui_1.92*.orig.tar.* 2>/dev/null | head -n1 || true)
  if [[ -z "$tarball" ]]; then
    say "fetching Dear ImGui 1.92 sources from Debian's source archive"
    cat > "$CACHE/apt/kefu-src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: forky sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    O=(-o "Dir::Etc::SourceList=$CACHE/apt/kefu-src.sources" -o "Dir::Etc::SourceParts=/dev/null"
       -o "Dir::State::Lists=$CACHE/apt/lists" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
    apt-get "${O[@]}" update -qq \
      || fail "cannot reach Debian's source archive and no cached ImGui tarball in $CACHE/dl.
        Connect to the network (or copy imgui_1.92*.orig.tar.xz into $CACHE/dl) and run again."
    (cd "$CACHE/dl" && apt-get "${O[@]}" source --download-only imgui >/dev/null) \
      || fail "apt-get source imgui failed (see above)."
    tarball=$(ls "$CACHE"/dl/imgui_1.92*.orig.tar.* 2>/dev/null | head -n1 || true)
    [[ -n "$tarball" ]] || fail "Debian's source archive did not offer Dear ImGui 1.92.x (got: $(ls "$CACHE/dl"))."
  fi
  say "unpacking $(basename "$tarball")"
  rm -rf "$IMGUI_DIR" "$CACHE/imgui-unpack" && mkdir -p "$CACHE/imgui-unpack"
  tar -xf "$tarball" -C "$CACHE/imgui-unpack"
  mv "$CACHE"/imgui-unpack/* "$IMGUI_DIR" && rmdir "$CACHE/imgui-unpack"
fi
ver=$(grep -m1 '#define IMGUI_VERSION_NUM' "$IMGUI_DIR/imgui.h" | awk '{print $3}')
(( ver >= 19200 )) || fail "Dear ImGui $ver found in $IMGUI_DIR, need >= 19200. Delete $IMGUI_DIR and $CACHE/dl and run again."

# ---- include folder for em++: only what we need, never /usr/include ----------
INC="$CACHE/wasm-include"
mkdir -p "$INC"
[[ -e "$INC/nlohmann" ]] || ln -s /usr/include/nlohmann "$INC/nlohmann"
[[ -e "$INC/doctest" ]]  || ln -s /usr/include/doctest  "$INC/doctest"

# ---- test-only: playwright-core from npm ---------------------------------------
if (( WANT_TESTS )); then
  E2E="$ROOT/tests/e2e"
  if [[ -f "$E2E/node_modules/playwright-core/package.json" && -f "$E2E/node_modules/pouchdb/dist/pouchdb.min.js" ]]; then
    say "playwright-core, pouchdb (the team benchmark's comparison): ok"
  else
    say "installing playwright-core from npm into tests/e2e/node_modules"
    (cd "$E2E" && npm install --no-audit --no-fund --silent) \
      || fail "npm install failed in tests/e2e: is the npm registry reachable?"
  fi
fi
# ---- the small-team server: pouchdb-server from npm ------------------------------------
# leveldown ships a linux-x64 prebuild: no compiler, no network once installed.
if (( WANT_TEAM )); then
  TEAM="$ROOT/team"
  if [[ -f "$TEAM/node_modules/pouchdb-server/package.json" ]]; then
    say "pouchdb-server: ok"
  else
    command -v npm >/dev/null || fail "npm is missing: sudo apt-get install -y npm, then run this command again."
    say "installing pouchdb-server from npm into team/node_modules (about a minute)"
    (cd "$TEAM" && npm install --no-audit --no-fund --silent) \
      || fail "npm install failed in team/: is the npm registry reachable? (check network / proxy)"
  fi
fi
say "all dependencies present"
