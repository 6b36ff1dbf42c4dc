#!/usr/bin/env bash
# Measures what 200 `layout!` invocations cost `cargo check`: two crates, the same
# but for 200 `layout!` invocations (150 expressions: base layouts, transposes,
# slices with steps, reshapes, windows; and 50 item forms, each declaring a type
# with its constants, constructors and `StaticLayout` impl), each checked after
# its dependencies are built, N times; prints the medians and their difference.
#
#     scripts/compile_time.sh [runs]      # default 5 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
root=$(pwd)
dir=$root/target/compile-time
mkdir -p "$dir"
export CARGO_TARGET_DIR=$dir/target

make_crate() { # name, body of `pub fn all() -> usize`, items
  mkdir -p "$dir/$1/src"
  cat > "$dir/$1/Cargo.toml" <<TOML
[package]
name = "ct-$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
stride = { path = "$root" }

[workspace]
TOML
  printf '#![allow(clippy::all)]\nuse stride::layout;\n\n%s\npub fn all() -> usize {\n    let mut n = 0;\n%s    n\n}\n' "$3" "$2" \
    > "$dir/$1/src/lib.rs"
  # `layout` is unused in the crate without invocations.
  sed -i '1a #![allow(unused_imports, unused_mut)]' "$dir/$1/src/lib.rs"
}

body=""
items=""
for i in $(seq 1 200); do
  a=$((i % 37 + 2)); b=$((i % 23 + 3)); c=$((i % 5 + 1))
  case $((i % 5)) in
    0) e="f64[$a, $b]" ;;
    1) e="f32[$a, $b, $c].T" ;;
    2) e="u8[$a, $b][1:, ::2]" ;;
    3) e="i32[$a, $b].reshape(-1)" ;;
    4) e="f64[$a, $b].window([2, 2], step = [1, 2])" ;;
  esac
  if ((i % 4 == 0)); then
    items+="layout! { pub struct L$i = $e; }"$'\n'
  else
    body+="    n += layout!($e).size();"$'\n'
  fi
done
make_crate with "$body" "$items"
make_crate without "" ""

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_check() { # crate -> median seconds of `cargo check` after touching the source
  (cd "$dir/$1" && cargo check -q 2>/dev/null)
  for _ in $(seq 1 "$runs"); do
    touch "$dir/$1/src/lib.rs"
    s=$(date +%s.%N)
    (cd "$dir/$1" && cargo check -q)
    e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}

with=$(time_check with)
without=$(time_check without)
printf 'cargo check, median of %s: with 200 layout! %.3f s, without %.3f s, difference %.3f s\n' \
  "$runs" "$with" "$without" "$(echo "$with - $without" | bc)"
