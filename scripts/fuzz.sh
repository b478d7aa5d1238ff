#!/bin/sh
# SPDX-License-Identifier: MIT
#
# scripts/fuzz.sh BUILD_DIR SECONDS - run every libFuzzer target built in
# BUILD_DIR/fuzz/ (fuzz_*) for SECONDS each.
#
# Target fuzz_NAME reads its seed corpus from fuzz/corpus/NAME/ (created if
# missing). Inputs it discovers go to a temporary directory, never into the
# repository's corpus. For each target one line is printed:
#
#   fuzz: fuzz_NAME: N executions, clean
#
# (N from libFuzzer's final "Done N runs" line). On a crash, leak or
# timeout the input is kept as BUILD_DIR/fuzz/crashes/fuzz_NAME-crash-...,
# the end of libFuzzer's log is shown, and the script exits non-zero after
# the remaining targets have run.
set -u

usage() {
	echo "usage: sh scripts/fuzz.sh BUILD_DIR SECONDS" >&2
	exit 2
}

[ $# -eq 2 ] || usage
build=$1
seconds=$2
case $seconds in
''|*[!0-9]*) usage ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
crashes=$build/fuzz/crashes
work=$(mktemp -d "${TMPDIR:-/tmp}/kmm-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# Run one target; Return: 0 when clean.
run_target() {
	target=$1
	name=$(basename "$target")
	corpus=$root/fuzz/corpus/${name#fuzz_}
	log=$work/$name.log
	mkdir -p "$corpus" "$work/$name" "$crashes" || return 1
	# New inputs go to the first (temporary) directory; the seeds are read.
	# -max_len: a 100-entry firmware map or a full command line fits in 8 KiB;
	# longer inputs only slow the search down.
	"$target" -max_total_time="$seconds" -timeout=25 -max_len=8192 \
		-artifact_prefix="$crashes/$name-" \
		"$work/$name" "$corpus" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	if [ "$status" -eq 0 ] && [ -n "$runs" ]; then
		echo "fuzz: $name: $runs executions, clean"
		return 0
	fi
	echo "fuzz: $name: FAILED (exit $status)"
	tail -n 30 "$log" | sed 's/^/    /'
	sed -n 's/.*Test unit written to \(.*\)/    input kept: \1/p' "$log" | sort -u
	return 1
}

found=0
failed=0
for target in "$build"/fuzz/fuzz_*; do
	[ -f "$target" ] && [ -x "$target" ] || continue
	found=$((found + 1))
	run_target "$target" || failed=$((failed + 1))
done
if [ "$found" -eq 0 ]; then
	echo "fuzz: no fuzz_* targets in $build/fuzz (configure with -DKMM_FUZZ=ON)" >&2
	exit 1
fi
[ "$failed" -eq 0 ]
