#!/usr/bin/env bash
# summary: print (or follow with -f) the log of a service
# usage: ./tapflow logs [-f] [-n LINES] SERVICE
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings

follow=() lines=200 names=()
while (($#)); do
  case $1 in
    -f | --follow) follow=(-F); shift ;;
    -n) lines=${2:?-n needs a number}; shift 2 ;;
    -*) tf_die "unknown option $1 (usage: ./tapflow logs [-f] [-n LINES] SERVICE)" ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]} == 1)) || tf_die "usage: ./tapflow logs [-f] [-n LINES] SERVICE (one of: ${TF_SERVICES[*]})"
tf_resolve_services "${names[0]}"
files=()
for name in "${TF_SELECTED[@]}"; do
  file=$(tf_log_file "$name")
  [[ -f $file ]] && files+=("$file")
done
((${#files[@]})) || tf_die "no log yet for ${names[0]} (expected $(tf_log_file "${TF_SELECTED[0]}"))"
exec tail -n "$lines" "${follow[@]}" "${files[@]}"
