# shellcheck shell=bash
# The local stack: starting, probing and stopping services by PID. Source after common.sh and java.sh.
#
# Each service NAME has a file scripts/lib/services/NAME.sh defining, with ID = NAME with '-' → '_':
#   svc_ID_ports     names of the TAPFLOW_*_PORT settings it listens on (first one is shown by status)
#   svc_ID_module    the stack/ Maven module whose classpath it runs on (empty for apt services)
#   svc_ID_prepare   writes its config and data folders under $TAPFLOW_HOME
#   svc_ID_command   fills TF_CMD (the command line) and TF_ENV (extra NAME=VALUE environment)
#   svc_ID_probe     exit 0 when the service answers a real request
#   svc_ID_marker    the argv element that identifies our process (see below)
#   svc_ID_extra_logs  (optional) more log files worth showing when it fails
# Every command line carries a marker naming the service and $TAPFLOW_HOME (a -Dtapflow.service=
# system property, or ClickHouse's config path): a PID file is trusted only when /proc/PID/cmdline
# still holds that marker, so a recycled PID is never signalled.

# Start order; stop runs in reverse. s3proxy comes first because Flink checkpoints to it.
TF_SERVICES=(s3proxy kafka clickhouse elasticsearch flink-jobmanager flink-taskmanager)

for _svc_file in "$TAPFLOW_ROOT"/scripts/lib/services/*.sh; do
  # shellcheck source=/dev/null
  source "$_svc_file"
done
unset _svc_file

tf_svc_id() { echo "${1//-/_}"; }
tf_pid_file() { echo "$TAPFLOW_HOME/run/$1.pid"; }
tf_log_file() { echo "$TAPFLOW_HOME/logs/$1.log"; }
tf_marker() { echo "-Dtapflow.service=$1@$TAPFLOW_HOME"; }

# Expands user-facing names (aliases, 'flink', nothing = all) into TF_SELECTED, in start order.
# (An array, not output: a failure inside $(...) or <(...) would not stop the caller.)
tf_resolve_services() {
  local wanted=() arg name
  TF_SELECTED=()
  (($# == 0)) && set -- "${TF_SERVICES[@]}"
  for arg in "$@"; do
    case $arg in
      es) wanted+=(elasticsearch) ;;
      s3) wanted+=(s3proxy) ;;
      ch) wanted+=(clickhouse) ;;
      flink) wanted+=(flink-jobmanager flink-taskmanager) ;;
      jobmanager | jm) wanted+=(flink-jobmanager) ;;
      taskmanager | tm) wanted+=(flink-taskmanager) ;;
      *)
        [[ " ${TF_SERVICES[*]} " == *" $arg "* ]] ||
          tf_die "unknown service '$arg' (services: ${TF_SERVICES[*]}; aliases: es, s3, ch, flink, jm, tm)"
        wanted+=("$arg")
        ;;
    esac
  done
  for name in "${TF_SERVICES[@]}"; do
    [[ " ${wanted[*]} " == *" $name "* ]] && TF_SELECTED+=("$name")
  done
  return 0
}

tf_pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  # a zombie still answers kill -0
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# (no `| grep -q` here or in probes: with pipefail, grep quitting early fails the pipeline via SIGPIPE)
tf_pid_has_marker() {
  local cmdline
  cmdline=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ $'\n'$cmdline$'\n' == *$'\n'"$2"$'\n'* ]]
}

# Prints the PID of NAME if it runs (PID file present, process alive, marker matches).
tf_service_pid() {
  local name=$1 file pid
  file=$(tf_pid_file "$name")
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tf_pid_alive "$pid" || return 1
  tf_pid_has_marker "$pid" "$("svc_$(tf_svc_id "$name")_marker")" || return 1
  echo "$pid"
}

tf_service_healthy() { "svc_$(tf_svc_id "$1")_probe"; }

tf_first_port() {
  local vars
  read -r -a vars <<<"$("svc_$(tf_svc_id "$1")_ports")"
  ((${#vars[@]})) && echo "${!vars[0]}" || echo "-"
}

tf_port_in_use() {
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Fails with one line per problem when a port of the given services is taken or configured twice.
tf_check_ports() {
  local name var port problems=() seen=" "
  for name in "$@"; do
    for var in $("svc_$(tf_svc_id "$name")_ports"); do
      port=${!var}
      if [[ $seen == *" $port "* ]]; then
        problems+=("port $port is configured twice (${var} and another TAPFLOW_*_PORT); give each its own port")
      elif tf_port_in_use "$port"; then
        problems+=("port $port ($var, $name) is already in use by another process; free it or set $var to a free port (environment or tapflow.env)")
      fi
      seen+="$port "
    done
  done
  ((${#problems[@]} == 0)) && return 0
  printf 'tapflow: error: %s\n' "${problems[@]}" >&2
  exit 1
}

# A copy of MODULE's classpath for SERVICE under $TAPFLOW_HOME: the service keeps its jars even
# when someone runs `mvn clean` while it is up.
tf_service_classpath() {
  local module=$1 service=$2 lib=$TAPFLOW_HOME/$2/lib entry cp=""
  rm -rf "$lib" && mkdir -p "$lib"
  local IFS=:
  for entry in $(tf_module_classpath "$module"); do
    if [[ $entry == "$TAPFLOW_ROOT"/* ]]; then
      cp "$entry" "$lib/" && entry=$lib/$(basename "$entry")
    fi
    cp+=${cp:+:}$entry
  done
  echo "$cp"
}

tf_launch_service() {
  local name=$1 id pid_file log
  id=$(tf_svc_id "$name")
  pid_file=$(tf_pid_file "$name")
  log=$(tf_log_file "$name")
  mkdir -p "$TAPFLOW_HOME/run" "$TAPFLOW_HOME/logs"
  "svc_${id}_prepare"
  TF_CMD=() TF_ENV=()
  "svc_${id}_command"
  [[ -f $log ]] && mv -f "$log" "$log.1"
  rm -f "$pid_file"
  # setsid: the service leaves our process group, so ^C on ./tapflow does not kill it;
  # the inner shell records its own PID and then becomes the service (exec keeps the PID).
  (
    cd "$TAPFLOW_HOME"
    exec env "${TF_ENV[@]}" setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "${TF_CMD[@]}"
  ) >"$log" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pid_file ]] && break
    sleep 0.1
  done
  [[ -s $pid_file ]] || tf_die "$name did not start (no PID file); see $log"
}

tf_print_log_tail() {
  local name=$1 file
  for file in $(tf_log_file "$name") $("svc_$(tf_svc_id "$name")_extra_logs" 2>/dev/null); do
    [[ -s $file ]] || continue
    echo "---- last 40 lines of $file" >&2
    tail -n 40 "$file" >&2
  done
  echo "----" >&2
}

# Waits until NAME answers its probe; on exit or timeout prints its log tail and returns 1.
tf_await_service() {
  local name=$1 deadline=$2 pid
  pid=$(<"$(tf_pid_file "$name")")
  while :; do
    if ! tf_pid_alive "$pid"; then
      tf_info "$name failed to start: process $pid exited"
      tf_print_log_tail "$name"
      rm -f "$(tf_pid_file "$name")"
      return 1
    fi
    if tf_service_healthy "$name"; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      tf_info "$name is not healthy after ${TAPFLOW_UP_TIMEOUT}s (TAPFLOW_UP_TIMEOUT); stopping it"
      tf_print_log_tail "$name"
      tf_stop_services "$name"
      return 1
    fi
    sleep 1
  done
}

# Starts the services that are not running, waits until all are healthy.
# Sets TF_STARTED to the services this call started. Returns 1 if any failed.
tf_start_services() {
  local name to_start=() failed=0
  TF_STARTED=()
  for name in "$@"; do
    if tf_service_pid "$name" >/dev/null; then
      continue
    fi
    rm -f "$(tf_pid_file "$name")"
    to_start+=("$name")
  done
  if ((${#to_start[@]})); then
    tf_check_ports "${to_start[@]}"
    local modules=() module
    for name in "${to_start[@]}"; do
      module=$("svc_$(tf_svc_id "$name")_module")
      [[ -n $module && " ${modules[*]} " != *" $module "* ]] && modules+=("$module")
    done
    ((${#modules[@]})) && tf_build_modules "${modules[@]}"
    for name in "${to_start[@]}"; do
      tf_info "starting $name"
      tf_launch_service "$name"
      TF_STARTED+=("$name")
    done
  fi
  local deadline=$((SECONDS + TAPFLOW_UP_TIMEOUT))
  for name in "$@"; do
    if tf_await_service "$name" "$deadline"; then
      tf_info "$name is healthy (port $(tf_first_port "$name"), pid $(tf_service_pid "$name"))"
    else
      failed=1
    fi
  done
  return "$failed"
}

# Stops services by PID: TERM to all, wait up to TAPFLOW_STOP_TIMEOUT, then KILL what remains.
tf_stop_services() {
  local name pid pids=() names=()
  for name in "$@"; do
    if pid=$(tf_service_pid "$name"); then
      tf_info "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    else
      rm -f "$(tf_pid_file "$name")"
    fi
  done
  local deadline=$((SECONDS + TAPFLOW_STOP_TIMEOUT)) i
  for i in "${!pids[@]}"; do
    while tf_pid_alive "${pids[i]}" && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if tf_pid_alive "${pids[i]}"; then
      tf_warn "${names[i]} (pid ${pids[i]}) ignored TERM for ${TAPFLOW_STOP_TIMEOUT}s; sending KILL"
      kill -KILL "${pids[i]}" 2>/dev/null || true
      while tf_pid_alive "${pids[i]}"; do sleep 0.1; done
    fi
    rm -f "$(tf_pid_file "${names[i]}")"
  done
}

# One line per service; returns 1 unless every listed service is healthy.
tf_print_status() {
  local name pid state port all_ok=0
  printf '%-18s %-9s %-6s %s\n' SERVICE STATE PORT PID
  for name in "$@"; do
    port=$(tf_first_port "$name")
    if pid=$(tf_service_pid "$name"); then
      if tf_service_healthy "$name"; then state=healthy; else state=unhealthy all_ok=1; fi
    else
      pid=- state=stopped all_ok=1
      # something else may hold the port; say so, it explains a later 'up' failure
      [[ $port != - ]] && tf_port_in_use "$port" && state=foreign
    fi
    printf '%-18s %-9s %-6s %s\n' "$name" "$state" "$port" "$pid"
  done
  return "$all_ok"
}
