#!/usr/bin/env bash
# summary: write a capture of scripted traffic with ground truth (gen list | gen SCENARIO OUT.pcap [--packets N] ...)
# usage: ./tapflow gen list
#        ./tapflow gen SCENARIO OUTPUT [--packets N] [--seed N] [--link ethernet|sll|sll2|raw]
#                                      [--format pcap|pcap-ns|pcapng] [--rate FLOWS_PER_SECOND]
#                                      [--snaplen BYTES] [--flow-truth FILE.jsonl] [--no-truth]
# Writes OUTPUT and OUTPUT.truth.json. Big captures belong in /tmp, never in the repository.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
tf_load_settings
tf_build_modules capture-gen
tf_java_main capture-gen io.tapflow.gen.GenerateCapture "$@"
