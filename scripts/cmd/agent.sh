#!/usr/bin/env bash
# summary: capture agent: live capture or pcap/pcapng replay to Kafka (--help; 'agent bench' benchmarks)
#
#   ./tapflow agent [OPTIONS] [FILE...]     run the agent (io.tapflow.agent.AgentMain); --help lists options
#   ./tapflow agent bench [OPTIONS]         replay benchmark next to argus/tcptrace/tshark (--help)
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

main=io.tapflow.agent.AgentMain
if [[ ${1:-} == bench ]]; then
  shift
  main=io.tapflow.agent.bench.AgentBenchmark
fi
tf_agent_ensure_libpcap
tf_build_modules capture-agent
tf_java_main capture-agent "$main" "$@"
