#!/usr/bin/env bash
# Builds the fuzz targets of fuzz/ once, runs each for SECONDS (one at a time, one process),
# prints the executions per target and exits non-zero if any crashed, hung or ran out of
# memory.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]     default: 60 s, every target
#   tools/fuzz.sh 3600 scenario             one long run
#
# Environment: FUZZ_SANITIZER=address|none (default address; none is about twice as fast,
# and the crate is safe Rust), FUZZ_TIMEOUT (seconds before an input counts as a hang,
# default 5), FUZZ_RSS_MB (default 2048), FUZZ_ARGS (more libFuzzer flags).
#
# Corpora: fuzz/seeds/TARGET (committed seeds, read only) and fuzz/corpus/TARGET (what the
# fuzzer adds, kept between runs, ignored by git). Crashes, hangs and OOMs land in
# fuzz/artifacts/TARGET/, each run's log in fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(tle omm scenario station_spec iso_time budget special)
declare -A MAX_LEN=(
    [tle]=4096 [omm]=4096 [scenario]=16384 [station_spec]=128
    [iso_time]=128 [budget]=512 [special]=1024
)

SECONDS_PER_TARGET=${1:-60}
[[ $# -gt 0 ]] && shift
if ! [[ $SECONDS_PER_TARGET =~ ^[0-9]+$ ]] || ((SECONDS_PER_TARGET < 1)); then
    echo "usage: tools/fuzz.sh [SECONDS] [TARGET...]  (targets: ${ALL[*]})" >&2
    exit 2
fi
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
    if [[ -z ${MAX_LEN[$t]:-} ]]; then
        echo "tools/fuzz.sh: unknown target $t (targets: ${ALL[*]})" >&2
        exit 2
    fi
done
SANITIZER=${FUZZ_SANITIZER:-address}
TIMEOUT=${FUZZ_TIMEOUT:-5}
RSS_MB=${FUZZ_RSS_MB:-2048}

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "tools/fuzz.sh: needs the nightly toolchain (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "tools/fuzz.sh: installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

started=$(date +%s)
# One build for every target: optimized, with debug assertions and overflow checks (the
# cargo-fuzz default), and the sanitizer.
build=(cargo +nightly fuzz build -s "$SANITIZER")
[[ ${#TARGETS[@]} -eq 1 ]] && build+=("${TARGETS[0]}")
echo "tools/fuzz.sh: ${build[*]}"
"${build[@]}"
built=$(date +%s)
bin_dir=fuzz/target/x86_64-unknown-linux-gnu/release

mkdir -p fuzz/logs
rows=()
failed=0
for t in "${TARGETS[@]}"; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    log="fuzz/logs/$t.log"
    echo "tools/fuzz.sh: $t for ${SECONDS_PER_TARGET} s (log: $log)"
    dict=()
    [[ -f fuzz/dict/$t.dict ]] && dict=("-dict=fuzz/dict/$t.dict")
    t0=$(date +%s)
    set +e
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    "$bin_dir/$t" "fuzz/corpus/$t" "fuzz/seeds/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" \
        -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$RSS_MB" \
        -max_len="${MAX_LEN[$t]}" -artifact_prefix="fuzz/artifacts/$t/" \
        -print_final_stats=1 "${dict[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1
    rc=$?
    set -e
    wall=$(($(date +%s) - t0))
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    execs=$(stat number_of_executed_units)
    rate=$(stat average_exec_per_sec)
    rss=$(stat peak_rss_mb)
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    result=ok
    if ((rc != 0)); then
        failed=1
        if grep -q "ERROR: libFuzzer: timeout" "$log"; then
            result=HANG
        elif grep -q -E "out-of-memory|malloc\(.*\) exceeds limit" "$log"; then
            result=OOM
        else
            result=CRASH
        fi
        result="$result (exit $rc)"
        echo "---- $t: $result, end of $log:" >&2
        grep -E "panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|artifact_prefix" "$log" >&2 || true
        tail -n 25 "$log" >&2
    fi
    rows+=("$(printf '%-13s %8s %14s %9s %7s %8s  %s' "$t" "${wall}" "${execs:-?}" \
        "${rate:-?}" "${corpus}" "${rss:-?}" "$result")")
done

echo
echo "fuzz: sanitizer $SANITIZER, timeout ${TIMEOUT} s, rss limit ${RSS_MB} MB, build $((built - started)) s"
printf '%-13s %8s %14s %9s %7s %8s  %s\n' target wall_s executions exec/s corpus rss_mb result
for r in "${rows[@]}"; do echo "$r"; done
echo "fuzz: total $(($(date +%s) - started)) s"
if ((failed)); then
    echo "fuzz: FAILED; reproduce with: fuzz/target/x86_64-unknown-linux-gnu/release/TARGET fuzz/artifacts/TARGET/FILE" >&2
    exit 1
fi
