#!/usr/bin/env bash
# summary: benchmark packet-core: read/decode/batch packets per CPU-second vs argus, tcptrace, tshark; 'jmh' for ns/packet
# usage: ./tapflow bench-decode [--file F | --scenario mix|bulk] [--packets 10M] [--snaplen 256] [--passes 2] [--no-tools]
#        ./tapflow bench-decode jmh [JMH options, e.g. -f 1 -wi 3 -i 5]
# Big generated captures go to ${TMPDIR:-/tmp}/tapflow-bench and are reused. Runs in the foreground;
# it is CPU-bound, so run it on a quiet machine (other builds skew every number).
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
tf_load_settings

mode=replay
if [[ ${1:-} == jmh ]]; then
  mode=jmh
  shift
fi
[[ $mode == replay ]] && tf_ensure_apt_packages # argus, tcptrace and tshark are compared

log=$TAPFLOW_HOME/logs/bench-decode-build.log
mkdir -p "$TAPFLOW_HOME/logs"
tf_info "building packet-core benchmarks (mvn -Pbench; log: $log)"
dir=$TAPFLOW_ROOT/packet-core/target/bench
if ! (cd "$TAPFLOW_ROOT" && mvn -B -ntp -Pbench -pl packet-core -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  tf_die "the benchmark build failed (full log: $log)"
fi
cp="$dir/test-classes:$dir/classes:$(<"$dir/classpath.txt")"
opts=(-Xms2g -Xmx2g)
# shellcheck disable=SC2206 # word splitting of user-supplied JVM options is intended
[[ -n ${TAPFLOW_JAVA_OPTS:-} ]] && opts=($TAPFLOW_JAVA_OPTS)
if [[ $mode == jmh ]]; then
  exec "$(tf_java)" -cp "$cp" org.openjdk.jmh.Main 'io.tapflow.packet.bench.PacketPathJmh' "$@"
fi
exec "$(tf_java)" "${opts[@]}" -cp "$cp" io.tapflow.packet.bench.ReplayBenchmark "$@"
