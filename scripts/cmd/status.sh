#!/usr/bin/env bash
# summary: show each service: healthy or not, port, PID (exit 1 unless all are healthy)
# usage: ./tapflow status [SERVICE...]
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings

tf_resolve_services "$@"
services=("${TF_SELECTED[@]}")
tf_print_status "${services[@]}"
