#!/usr/bin/env bash
# summary: capture agent: live capture or pcap/pcapng replay to Kafka (--help; 'agent bench' benchmarks)
#
#   ./tapflow agent [OPTIONS] [FILE...]     run the agent (io.tapflow.agent.AgentMain); --help lists options
#   ./tapflow agent bench [OPTIONS]         replay benchmark next to argus/tcptrace/tshark (--help); without
#                                           --capture it generates a 10 M packet mix once under $TAPFLOW_HOME/bench
#
# Live capture needs root (or CAP_NET_RAW and CAP_NET_ADMIN on the java binary) and libpcap, which
# this script installs with apt-get when it is missing. Kafka defaults to the local stack's broker
# (127.0.0.1:$TAPFLOW_KAFKA_PORT); settings: capture-agent/src/main/resources/agent-defaults.yaml, docs/agent.md.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/../lib/java.sh"
tf_load_settings

# pcap4j loads libpcap.so (the unversioned name that libpcap-dev provides) through JNA.
tf_agent_ensure_libpcap() {
  local dir
  for dir in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    [[ -e $dir/libpcap.so ]] && return 0
  done
  ldconfig -p 2>/dev/null | grep -q 'libpcap\.so ' && return 0
  command -v apt-get >/dev/null || tf_die "libpcap.so not found: install libpcap (libpcap-dev / libpcap-devel)"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  tf_info "installing libpcap-dev (pcap4j needs libpcap.so)"
  "${sudo[@]}" apt-get install -y -q libpcap-dev >&2 || tf_die "apt-get install libpcap-dev failed"
}

# The benchmark's peers: argus (package argus-server), tcptrace and tshark, installed when missing.
tf_agent_ensure_bench_tools() {
  local missing=() tool
  command -v argus >/dev/null || missing+=(argus-server)
  command -v tcptrace >/dev/null || missing+=(tcptrace)
  command -v tshark >/dev/null || missing+=(tshark)
  ((${#missing[@]} == 0)) && return 0
  if ! command -v apt-get >/dev/null; then
    tf_warn "not installed: ${missing[*]} (the benchmark skips them)"
    return 0
  fi
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  tf_info "installing ${missing[*]} for the benchmark"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}" >&2 ||
    tf_warn "could not install ${missing[*]} (the benchmark skips them)"
}

main=io.tapflow.agent.AgentMain
args=("$@")
if [[ ${1:-} == bench ]]; then
  main=io.tapflow.agent.bench.AgentBenchmark
  args=("${@:2}")
  tf_agent_ensure_bench_tools
  # Without --capture, a 10-million-packet generated mix (made once, kept under $TAPFLOW_HOME/bench).
  if [[ " ${args[*]} " != *" --capture "* && " ${args[*]} " != *" -h "* && " ${args[*]} " != *" --help "* ]]; then
    capture=$TAPFLOW_HOME/bench/mix-10m.pcap
    if [[ ! -f $capture ]]; then
      mkdir -p "$TAPFLOW_HOME/bench"
      tf_info "generating $capture (10 million packets, about 5.5 GB; once)"
      "$TAPFLOW_ROOT/tapflow" gen mix "$capture.tmp" --packets 10000000 --seed 7 --no-truth >&2 &&
        mv "$capture.tmp" "$capture" || tf_die "generating the benchmark capture failed"
    fi
    args+=(--capture "$capture")
  fi
fi
tf_agent_ensure_libpcap
tf_build_modules capture-agent
tf_java_main capture-agent "$main" "${args[@]}"
