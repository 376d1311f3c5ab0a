# Shared by scripts/serve, scripts/test and scripts/fuzz: find the repo, put the tools on PATH,
# and install what is missing. Every install is version-checked and skipped when already done,
# so a second run is fast. Tools go where a user expects them: cargo's bin dir (trunk,
# wasm-bindgen, cargo-fuzz), the project-local tests/e2e/node_modules (playwright-core, and
# binaryen's wasm-opt 132, esbuild for tools/postbuild.py), Debian packages (chromium, chromium-driver).
# shellcheck shell=bash

set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export DEBIAN_FRONTEND=noninteractive

# Versions. trunk 0.22 needs rustc 1.96, so 0.21.14 (MSRV 1.81). wasm-bindgen-cli must equal the
# wasm-bindgen crate in Cargo.lock, or trunk tries to download it from GitHub (unreachable here).
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
CARGO_FUZZ_VERSION=0.13.2

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
NODE_BIN="$REPO/tests/e2e/node_modules/.bin"
# npm's wasm-opt (binaryen 132) must come before Debian's /usr/bin/wasm-opt 108, whose output
# breaks at startup; Trunk.toml pins version_132 so a wrong one fails the build loudly.
export PATH="$NODE_BIN:$CARGO_BIN:$PATH"

T0=$SECONDS
say() { printf '\n=== [%4ss] %s\n' "$((SECONDS - T0))" "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1
  fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "install: rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "install: trunk $TRUNK_VERSION (about 5 min on 2 cores)"
    cargo install trunk --version "=$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  if [ -z "$WASM_BINDGEN_VERSION" ]; then echo "no wasm-bindgen in Cargo.lock" >&2; return 1; fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "install: wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2-4 min)"
    # No --locked: its lockfile pins webpki-roots 1.0.11, which the registry does not serve.
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_modules() {
  local dir="$REPO/tests/e2e"
  # npm writes node_modules/.package-lock.json; reinstall when the lock file is newer.
  if [ ! -f "$dir/node_modules/.package-lock.json" ] \
     || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] \
     || [ "$(wasm-opt --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ]; then
    say "install: npm ci in tests/e2e (playwright-core, binaryen 132, esbuild)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "install: apt chromium chromium-driver"
    as_root apt-get update -qq
    as_root apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

ensure_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    say "install: cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
  fi
}

# Everything the release build needs (scripts/serve and scripts/test).
ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_modules
  # Trunk.toml sets offline = true, which passes --offline to cargo: fetch crates first.
  cargo fetch --quiet
}
