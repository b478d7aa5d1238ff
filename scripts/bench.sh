#!/bin/sh
# Run every benchmark in BUILD/bench (JSON lines on stdout). With
# --callgrind, also count instructions with valgrind's callgrind, which are
# stable on a noisy machine: for each probe below, the instructions spent
# inside that function (inclusive) divided by its number of calls, in the
# benchmark's --quick run.
#   sh scripts/bench.sh BUILD [--callgrind]
set -eu
build=${1:-build}
mode=${2:-}

# bench binary : function probed : calls in its --quick run (the quick run
# boots 4 machines; boot itself adds a few dozen reserve/add calls, <1%)
probes="bench_boot:kmm_boot:4 bench_boot:memblock_reserve:10000 bench_boot:memblock_add:10000"

callgrind_probe() {
	bin=$1 fn=$2 calls=$3
	out=$(mktemp)
	valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="$fn" \
		"$build/bench/$bin" --quick >/dev/null 2>&1 || true
	total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
	rm -f "$out"
	echo "{\"bench\":\"$bin\",\"callgrind_function\":\"$fn\",\"calls\":$calls,\"instructions_per_call\":$(( ${total:-0} / calls ))}"
}

for b in "$build"/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "# $(basename "$b")"
	"$b"
done
if [ "$mode" = "--callgrind" ]; then
	command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }
	for p in $probes; do
		bin=${p%%:*} rest=${p#*:}
		callgrind_probe "$bin" "${rest%%:*}" "${rest#*:}"
	done
fi
