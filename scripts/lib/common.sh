# shellcheck shell=bash
# Sourced by every scripts/cmd/*.sh: repository paths, settings and messages.
#
# Settings are TAPFLOW_* variables. Precedence, highest first:
#   1. the process environment            (TAPFLOW_KAFKA_PORT=29092 ./tapflow up)
#   2. <repo>/tapflow.env                  (git-ignored, per checkout)
#   3. $TAPFLOW_HOME/tapflow.env           (per data folder)
#   4. the defaults below
# The files hold KEY=VALUE lines (optionally 'export KEY=VALUE', optionally quoted); they are parsed,
# never executed, and only TAPFLOW_* keys are read.

TAPFLOW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TAPFLOW_ROOT

tf_info() { printf 'tapflow: %s\n' "$*" >&2; }
tf_warn() { printf 'tapflow: warning: %s\n' "$*" >&2; }
tf_die() {
  printf 'tapflow: error: %s\n' "$*" >&2
  exit 1
}

# Sets every TAPFLOW_* key of FILE that is not set yet.
tf_load_env_file() {
  local file=$1 line key value
  [[ -f $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?(TAPFLOW_[A-Z0-9_]+)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    value=${value%"${value##*[![:space:]]}"} # trailing blanks
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
      value=${BASH_REMATCH[1]}
    fi
    [[ -n ${!key+set} ]] && continue
    printf -v "$key" '%s' "$value"
    export "${key?}"
  done <"$file"
}

# Every setting with its default; `./tapflow env` prints them, docs/stack.md explains them.
TF_SETTINGS=(
  TAPFLOW_HOME
  TAPFLOW_KAFKA_PORT TAPFLOW_KAFKA_CONTROLLER_PORT
  TAPFLOW_CLICKHOUSE_HTTP_PORT TAPFLOW_CLICKHOUSE_TCP_PORT TAPFLOW_CLICKHOUSE_INTERSERVER_PORT
  TAPFLOW_ES_PORT TAPFLOW_ES_TRANSPORT_PORT
  TAPFLOW_S3_PORT TAPFLOW_S3_ACCESS_KEY TAPFLOW_S3_SECRET_KEY TAPFLOW_S3_BUCKET
  TAPFLOW_FLINK_REST_PORT TAPFLOW_FLINK_RPC_PORT TAPFLOW_FLINK_SLOTS
  TAPFLOW_KAFKA_HEAP TAPFLOW_ES_HEAP TAPFLOW_S3_HEAP
  TAPFLOW_FLINK_JM_HEAP TAPFLOW_FLINK_TM_TASK_HEAP TAPFLOW_FLINK_TM_MANAGED
  TAPFLOW_UP_TIMEOUT TAPFLOW_STOP_TIMEOUT
)

tf_load_settings() {
  tf_load_env_file "$TAPFLOW_ROOT/tapflow.env"
  : "${TAPFLOW_HOME:=$TAPFLOW_ROOT/.tapflow}"
  tf_load_env_file "$TAPFLOW_HOME/tapflow.env"

  : "${TAPFLOW_KAFKA_PORT:=19092}"
  : "${TAPFLOW_KAFKA_CONTROLLER_PORT:=19093}"
  : "${TAPFLOW_CLICKHOUSE_HTTP_PORT:=18123}"
  : "${TAPFLOW_CLICKHOUSE_TCP_PORT:=19000}"
  : "${TAPFLOW_CLICKHOUSE_INTERSERVER_PORT:=19009}"
  : "${TAPFLOW_ES_PORT:=19200}"
  : "${TAPFLOW_ES_TRANSPORT_PORT:=19300}"
  : "${TAPFLOW_S3_PORT:=18333}"
  : "${TAPFLOW_S3_ACCESS_KEY:=tapflow}"
  : "${TAPFLOW_S3_SECRET_KEY:=tapflow-secret}"
  : "${TAPFLOW_S3_BUCKET:=tapflow}"
  : "${TAPFLOW_FLINK_REST_PORT:=18081}"
  : "${TAPFLOW_FLINK_RPC_PORT:=16123}"
  : "${TAPFLOW_FLINK_SLOTS:=2}"
  # JVM sizes: all five services plus a Maven test JVM fit in ~8 GiB
  : "${TAPFLOW_KAFKA_HEAP:=512m}"
  : "${TAPFLOW_ES_HEAP:=1g}"
  : "${TAPFLOW_S3_HEAP:=256m}"
  : "${TAPFLOW_FLINK_JM_HEAP:=384m}"
  : "${TAPFLOW_FLINK_TM_TASK_HEAP:=512m}"
  : "${TAPFLOW_FLINK_TM_MANAGED:=256m}"
  # seconds
  : "${TAPFLOW_UP_TIMEOUT:=180}"
  : "${TAPFLOW_STOP_TIMEOUT:=30}"

  local name
  for name in "${TF_SETTINGS[@]}"; do
    export "${name?}"
  done
  tf_validate_settings
}

tf_validate_settings() {
  local name
  for name in "${TF_SETTINGS[@]}"; do
    case $name in
      *_PORT)
        [[ ${!name} =~ ^[0-9]+$ ]] && ((${!name} > 0 && ${!name} < 65536)) ||
          tf_die "$name='${!name}' is not a TCP port number"
        ;;
      *_HEAP | *_MANAGED)
        [[ ${!name} =~ ^[0-9]+[mMgG]$ ]] || tf_die "$name='${!name}' is not a size like 512m or 1g"
        ;;
      *_TIMEOUT | *_SLOTS)
        [[ ${!name} =~ ^[0-9]+$ ]] && ((${!name} > 0)) || tf_die "$name='${!name}' is not a positive number"
        ;;
    esac
  done
}

# Size like 512m or 2g → megabytes.
tf_mb() {
  local size=${1,,}
  case $size in
    *g) echo $((${size%g} * 1024)) ;;
    *m) echo "${size%m}" ;;
    *) tf_die "size '$1' must end in m or g (e.g. 512m, 1g)" ;;
  esac
}

# Runs apt-get only when a required Debian package is missing (CI starts from a bare machine).
TF_APT_PACKAGES=(clickhouse-server clickhouse-client tshark argus-client argus-server tcptrace libpcap-dev iproute2 curl)

tf_ensure_apt_packages() {
  local missing=() pkg
  for pkg in "${TF_APT_PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == *"install ok installed"* ]] || missing+=("$pkg")
  done
  # the build tools count only when absent altogether (they may come from elsewhere than apt)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  ((${#missing[@]} == 0)) && return 0
  command -v apt-get >/dev/null || tf_die "missing: ${missing[*]}, and apt-get is not available to install them"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || tf_die "missing: ${missing[*]}; run as root or install them"
    sudo=(sudo -n)
  fi
  tf_info "installing Debian packages: ${missing[*]}"
  # tshark asks whether non-root users may capture; answer once, non-interactively
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | "${sudo[@]}" debconf-set-selections
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q ||
    tf_die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null ||
    tf_die "apt-get install ${missing[*]} failed"
}
