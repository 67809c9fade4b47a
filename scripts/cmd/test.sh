#!/usr/bin/env bash
# summary: run the whole test suite (installs what is missing, builds, starts the stack it needs, stops what it started)
# usage: ./tapflow test [MAVEN_ARGS...]
#   Extra arguments go to Maven, e.g. ./tapflow test -pl integration-tests -am
#   or ./tapflow test -Dtest='Kafka*' -Dsurefire.failIfNoSpecifiedTests=false
# Works unattended (CI=true, no stdin). Exit status: 0 only if the build passed and tests ran.
set -euo pipefail
lib=$(cd "$(dirname "$0")/../lib" && pwd)
source "$lib/common.sh"
source "$lib/java.sh"
source "$lib/stack.sh"
tf_load_settings
started_at=$SECONDS

tf_ensure_apt_packages
command -v mvn >/dev/null || tf_die "mvn not found: install Maven 3.8+ (apt-get install maven)"

# Services that already run (someone's ./tapflow up) are used as they are and left running;
# the ones this command starts are stopped when it ends, however it ends.
TF_STARTED=()
stop_what_we_started() {
  local status=$? reversed=() i
  for ((i = ${#TF_STARTED[@]} - 1; i >= 0; i--)); do reversed+=("${TF_STARTED[i]}"); done
  ((${#reversed[@]})) && tf_stop_services "${reversed[@]}"
  exit "$status"
}
trap stop_what_we_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tf_resolve_services
services=("${TF_SELECTED[@]}")
tf_start_services "${services[@]}" || tf_die "the stack did not come up (logs: $TAPFLOW_HOME/logs)"
tf_print_status "${services[@]}" >&2

# Reports of an earlier run must not count in this run's summary.
find "$TAPFLOW_ROOT" -path "$TAPFLOW_HOME" -prune -o -type d \
  \( -name surefire-reports -o -name failsafe-reports \) -path '*/target/*' -print0 | xargs -0r rm -rf

tf_info "running the test suite: mvn -B verify --fail-at-end $*"
maven_status=0
(cd "$TAPFLOW_ROOT" && mvn -B -ntp verify --fail-at-end "$@" </dev/null) || maven_status=$?

# Summary over every module's Surefire/Failsafe XML reports.
summary() {
  local file tests failures errors skipped module
  local total=0 failed=0 skipped_total=0
  declare -A per_module=()
  while IFS= read -r -d '' file; do
    read -r tests failures errors skipped < <(
      sed -n 's/.*<testsuite \(.*\)/\1/p' "$file" | head -n 1 | awk '{
        t = f = e = s = 0
        if (match($0, /tests="[0-9]+"/)) t = substr($0, RSTART + 7, RLENGTH - 8)
        if (match($0, /failures="[0-9]+"/)) f = substr($0, RSTART + 10, RLENGTH - 11)
        if (match($0, /errors="[0-9]+"/)) e = substr($0, RSTART + 8, RLENGTH - 9)
        if (match($0, /skipped="[0-9]+"/)) s = substr($0, RSTART + 9, RLENGTH - 10)
        print t, f, e, s }')
    module=${file#"$TAPFLOW_ROOT"/}
    module=${module%%/target/*}
    per_module[$module]=$(( ${per_module[$module]:-0} + tests ))
    total=$((total + tests))
    failed=$((failed + failures + errors))
    skipped_total=$((skipped_total + skipped))
  done < <(find "$TAPFLOW_ROOT" -path "$TAPFLOW_HOME" -prune -o -type f -name 'TEST-*.xml' \
    \( -path '*/target/surefire-reports/*' -o -path '*/target/failsafe-reports/*' \) -print0)
  echo
  echo "==== tapflow test summary"
  for module in $(printf '%s\n' "${!per_module[@]}" | sort); do
    printf '  %-40s %5d tests\n' "$module" "${per_module[$module]}"
  done
  echo "  maven exit status: $maven_status; took $(((SECONDS - started_at) / 60))m$(((SECONDS - started_at) % 60))s"
  echo "tests: $((total - failed - skipped_total)) passed, $failed failed, $skipped_total skipped"
  SUMMARY_TOTAL=$total SUMMARY_FAILED=$failed
}
summary
if ((maven_status != 0 || SUMMARY_FAILED > 0)); then
  tf_die "the test suite failed (see the Maven output above; service logs: $TAPFLOW_HOME/logs)"
fi
((SUMMARY_TOTAL > 0)) || tf_die "no test ran"
tf_info "all tests passed"
