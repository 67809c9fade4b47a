#!/usr/bin/env bash
# summary: print (or follow with -f) the log of a service
# usage: ./tapflow logs [-f] [-n LINES] SERVICE
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings

follow=() lines=200
while (($#)); do
  case $1 in
    -f | --follow) follow=(-F); shift ;;
    -n) lines=${2:?-n needs a number}; shift 2 ;;
    -*) tf_die "unknown option $1 (usage: ./tapflow logs [-f] [-n LINES] SERVICE)" ;;
    *) break ;;
  esac
done
(($# == 1)) || tf_die "usage: ./tapflow logs [-f] [-n LINES] SERVICE (one of: ${TF_SERVICES[*]})"
mapfile -t services < <(tf_resolve_services "$1")
files=()
for name in "${services[@]}"; do
  file=$(tf_log_file "$name")
  [[ -f $file ]] && files+=("$file")
done
((${#files[@]})) || tf_die "no log yet for $1 (expected $(tf_log_file "${services[0]}"))"
exec tail -n "$lines" "${follow[@]}" "${files[@]}"
