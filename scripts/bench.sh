#!/bin/sh
# Run every benchmark in BUILD/bench; with --callgrind also count
# instructions (stable on a noisy machine) for each, with --quick runs.
#   sh scripts/bench.sh BUILD [--callgrind]
set -eu
build=${1:-build}
mode=${2:-}
for b in "$build"/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "# $(basename "$b")"
	"$b"
	if [ "$mode" = "--callgrind" ] && command -v valgrind >/dev/null; then
		out=$(mktemp)
		valgrind --tool=callgrind --callgrind-out-file="$out" "$b" --quick >/dev/null 2>&1 || true
		total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
		echo "{\"bench\":\"$(basename "$b")\",\"callgrind_instructions_quick_run\":${total:-0}}"
		rm -f "$out"
	fi
done
