#!/usr/bin/env bash
# A genuine Elasticsearch 8 node on 127.0.0.1 for tests and CI, built from Maven Central (see README.md).
#
#   search/es_node/es.sh start     build if needed, start in the background, wait for green/yellow;
#                                  last stdout line: ELASTICSEARCH_URL=http://127.0.0.1:PORT
#   search/es_node/es.sh stop      stop it cleanly (SIGTERM, then SIGKILL after ES_STOP_TIMEOUT)
#   search/es_node/es.sh status    print pid, URL and cluster health; exit 3 when not running
#   search/es_node/es.sh restart
#
# A cluster of N nodes on loopback (node k answers on ES_PORT+k-1):
#   es.sh start --nodes 3          starts the nodes not yet running, returns when all N have joined and the
#                                  cluster is green or yellow; last line: ELASTICSEARCH_URL=url1,url2,url3
#   es.sh stop --node K            stops node K only (the others keep the cluster)
#   es.sh stop                     stops every node of the cluster started on this ES_PORT and data dir
#   es.sh status                   every node's pid and the cluster's health
#   Cluster nodes talk on transport ports ES_TRANSPORT_PORT+k-1 (default ES_PORT+20000), set explicitly,
#   with discovery.seed_hosts and cluster.initial_master_nodes; the cluster is named coalition-test-ES_PORT.
#
# Options (or environment):
#   --port N   / ES_PORT           HTTP port (default 9250)
#   --nodes N  / ES_NODES          nodes in the cluster (default 1: the single node, as before)
#   --node K                       (stop) only node K of the cluster
#   --data DIR / ES_DATA_DIR       base dir for data, logs and pid (default search/es_node/.data);
#                                  the node keeps its files in DIR/node-PORT/
#   ES_HEAP (default "-Xms512m -Xmx1g"), ES_JAVA_OPTS (appended), ES_START_TIMEOUT (180 s),
#   ES_STOP_TIMEOUT (60 s), ES_RUN_USER (user to run as when invoked as root, default esnode:
#   Elasticsearch refuses to run as root, so as root the script creates that system user; if that
#   user cannot reach this checkout, the node runs from a copy in /var/tmp/coalition-es-node).
#
# Progress goes to stderr; stdout carries only the ELASTICSEARCH_URL line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ES_VERSION="$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$HERE/pom.xml" | head -n 1)"
PLUGIN_NAME=coalition-es-extras
PLUGIN_JAR_NAME="$PLUGIN_NAME-1.0.0.jar"
CLUSTER_NAME=coalition-test
FALLBACK_BASE=/var/tmp/coalition-es-node

cmd="${1:-}"
[ $# -gt 0 ] && shift
PORT="${ES_PORT:-9250}"
DATA_ARG="${ES_DATA_DIR:-}"
NODES_ARG="${ES_NODES:-}"
ONLY_NODE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --nodes) NODES_ARG="$2"; shift 2 ;;
    --nodes=*) NODES_ARG="${1#*=}"; shift ;;
    --node) ONLY_NODE="$2"; shift 2 ;;
    --node=*) ONLY_NODE="${1#*=}"; shift ;;
    --data) DATA_ARG="$2"; shift 2 ;;
    --data=*) DATA_ARG="${1#*=}"; shift ;;
    *) echo "es.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$PORT" in ''|*[!0-9]*) echo "es.sh: bad port: $PORT" >&2; exit 2 ;; esac
case "$NODES_ARG" in ''|[1-9]|[1-9][0-9]) ;; *) echo "es.sh: bad --nodes: $NODES_ARG" >&2; exit 2 ;; esac
case "$ONLY_NODE" in ''|[1-9]|[1-9][0-9]) ;; *) echo "es.sh: bad --node: $ONLY_NODE" >&2; exit 2 ;; esac
BASE_PORT="$PORT"
TRANSPORT_BASE="${ES_TRANSPORT_PORT:-$((BASE_PORT + 20000))}"

URL="http://127.0.0.1:$PORT"
BUILD_HOME="$HERE/target/elasticsearch-$ES_VERSION"
RUN_USER="${ES_RUN_USER:-esnode}"
START_TIMEOUT="${ES_START_TIMEOUT:-180}"
STOP_TIMEOUT="${ES_STOP_TIMEOUT:-60}"

log() { echo "es.sh: $*" >&2; }
die() { log "$*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
as_user() { if is_root; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi; }

# Where the node runs from. Normally the Maven-built home in target/ and data in .data/; as root,
# when the unprivileged user cannot traverse this checkout's folders, a copy under /var/tmp.
FALLBACK=0
if is_root && getent passwd "$RUN_USER" >/dev/null && ! runuser -u "$RUN_USER" -- test -x "$HERE" 2>/dev/null; then
  FALLBACK=1
fi
if [ "$FALLBACK" = 1 ]; then
  RUN_HOME="$FALLBACK_BASE/elasticsearch-$ES_VERSION"
  DATA_BASE="${DATA_ARG:-$FALLBACK_BASE/data}"
else
  RUN_HOME="$BUILD_HOME"
  DATA_BASE="${DATA_ARG:-$HERE/.data}"
fi
mkdir -p "$DATA_BASE"
DATA_BASE="$(cd "$DATA_BASE" && pwd)"
BUILD_LOG="$DATA_BASE/build.log"
# How many nodes the cluster on this port has: --nodes, else what the last `start --nodes` recorded.
CLUSTER_FILE="$DATA_BASE/cluster-$BASE_PORT.nodes"
if [ -n "$NODES_ARG" ]; then
  NODES="$NODES_ARG"
elif [ -f "$CLUSTER_FILE" ]; then
  NODES="$(tr -dc '0-9' <"$CLUSTER_FILE")"; NODES="${NODES:-1}"
else
  NODES=1
fi
if [ "$NODES" -gt 1 ]; then
  CLUSTER_NAME="$CLUSTER_NAME-$BASE_PORT"
fi

# Points PORT, URL, NODE_DIR, PID_FILE, LAUNCH_LOG and NODE_NAME at node K (1-based).
select_node() {
  NODE_K="$1"
  PORT=$((BASE_PORT + NODE_K - 1))
  URL="http://127.0.0.1:$PORT"
  NODE_DIR="$DATA_BASE/node-$PORT"
  PID_FILE="$NODE_DIR/es.pid"
  LAUNCH_LOG="$NODE_DIR/launcher.log"
  if [ "$NODES" -gt 1 ]; then NODE_NAME="coalition-es-$NODE_K"; else NODE_NAME=coalition-es-node; fi
}
select_node 1

all_urls() {
  local k urls=""
  for k in $(seq 1 "$NODES"); do urls="${urls:+$urls,}http://127.0.0.1:$((BASE_PORT + k - 1))"; done
  echo "$urls"
}

# The discovery settings: a single node, or N nodes that find each other on fixed transport ports.
discovery_args() {
  if [ "$NODES" -le 1 ]; then
    echo "-E discovery.type=single-node"
    return
  fi
  local k seeds="" masters=""
  for k in $(seq 1 "$NODES"); do
    seeds="${seeds:+$seeds,}127.0.0.1:$((TRANSPORT_BASE + k - 1))"
    masters="${masters:+$masters,}coalition-es-$k"
  done
  echo "-E transport.port=$((TRANSPORT_BASE + NODE_K - 1)) -E discovery.seed_hosts=$seeds"
  # only to bootstrap a new cluster: a node that has joined once keeps its cluster's identity on disk
  [ -n "$(ls -A "$NODE_DIR/data" 2>/dev/null)" ] || echo "-E cluster.initial_master_nodes=$masters"
}

node_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against a recycled pid: it must be an Elasticsearch JVM
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
  echo "$pid"
}

health_ok() {
  local body
  body="$(curl -s -m 5 "$URL/_cluster/health" 2>/dev/null)" || return 1
  echo "$body" | grep -Eq '"status":"(green|yellow)"' || return 1
  # a cluster: every node has joined
  [ "$NODES" -le 1 ] || echo "$body" | grep -q "\"number_of_nodes\":$NODES,"
}

show_logs() {
  local f
  for f in "$LAUNCH_LOG" "$NODE_DIR/logs/$CLUSTER_NAME.log"; do
    if [ -s "$f" ]; then
      echo "---- last lines of $f" >&2
      tail -n 40 "$f" >&2
    fi
  done
}

find_java_home() {
  local java="" home spec
  if [ -n "${ES_JAVA_HOME:-}" ] && [ -x "$ES_JAVA_HOME/bin/java" ]; then
    java="$ES_JAVA_HOME/bin/java"
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java="$(readlink -f "$(command -v java)")"
  fi
  [ -n "$java" ] || die "no Java found (Java 17 or newer is needed)"
  home="$(dirname "$(dirname "$java")")"
  spec="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  case "$spec" in
    1.*|[0-9]|1[0-6]) die "Java $spec at $home is too old: Elasticsearch $ES_VERSION needs Java 17 or newer" ;;
  esac
  echo "$home"
}

# Builds target/elasticsearch-VERSION (Elastic's distribution + the extras plugin) unless it is up to date.
build() {
  local jar="$BUILD_HOME/plugins/$PLUGIN_NAME/$PLUGIN_JAR_NAME"
  if [ -x "$BUILD_HOME/bin/elasticsearch" ] && [ -f "$jar" ] \
     && [ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to assemble the node"
  log "building $BUILD_HOME with Maven (log: $BUILD_LOG)"
  if ! mvn -q -B -o -f "$HERE/pom.xml" package >"$BUILD_LOG" 2>&1; then
    log "offline build failed (first run?); building online, downloading from Maven Central"
    mvn -q -B -f "$HERE/pom.xml" package >>"$BUILD_LOG" 2>&1 || { tail -n 40 "$BUILD_LOG" >&2; die "Maven build failed"; }
  fi
  [ -x "$BUILD_HOME/bin/elasticsearch" ] || die "build finished but $BUILD_HOME/bin/elasticsearch is missing"
}

# As root: Elasticsearch must run as an unprivileged user that owns its home and data.
prepare_user() {
  is_root || return 0
  if ! getent passwd "$RUN_USER" >/dev/null; then
    log "creating system user $RUN_USER to run Elasticsearch (it refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER"
    if ! runuser -u "$RUN_USER" -- test -x "$HERE" 2>/dev/null; then
      log "user $RUN_USER cannot reach $HERE; re-running from $FALLBACK_BASE"
      exec bash "$0" start --port "$BASE_PORT" --nodes "$NODES" ${DATA_ARG:+--data "$DATA_ARG"}
    fi
  fi
}

sync_run_home() {
  [ "$RUN_HOME" != "$BUILD_HOME" ] || return 0
  if [ ! -f "$RUN_HOME/plugins/$PLUGIN_NAME/$PLUGIN_JAR_NAME" ] \
     || [ "$BUILD_HOME/plugins/$PLUGIN_NAME/$PLUGIN_JAR_NAME" -nt "$RUN_HOME/plugins/$PLUGIN_NAME/$PLUGIN_JAR_NAME" ]; then
    log "copying the node to $RUN_HOME"
    mkdir -p "$FALLBACK_BASE"
    chmod 755 "$FALLBACK_BASE"
    rm -rf "$RUN_HOME"
    cp -a "$BUILD_HOME" "$RUN_HOME"
  fi
}

# Every node of the home reads one keystore (config/elasticsearch.keystore). A node that finds none creates it,
# through a fixed temporary name: nodes booting side by side then trip over each other's file and fail. So a
# cluster start creates it once, before the nodes launch.
shared_keystore() {
  [ -f "$RUN_HOME/config/elasticsearch.keystore" ] && return 0
  local java_home
  java_home="$(find_java_home)"
  if is_root; then chown -R "$RUN_USER:" "$RUN_HOME"; fi
  log "creating the keystore the nodes share"
  as_user env ES_JAVA_HOME="$java_home" "$RUN_HOME/bin/elasticsearch-keystore" create >/dev/null \
    || die "could not create $RUN_HOME/config/elasticsearch.keystore"
}

# Launches node NODE_K unless it runs already (returns once its JVM is up, not when it has joined).
launch_node() {
  local pid
  if pid="$(node_pid)"; then
    log "node $NODE_K already running (pid $pid)"
  else
    if curl -s -m 3 -o /dev/null "$URL/" 2>/dev/null; then
      die "something else already answers on $URL (not the node recorded in $PID_FILE); pick another ES_PORT"
    fi
    rm -f "$PID_FILE"
    prepare_user
    build
    sync_run_home
    local java_home
    java_home="$(find_java_home)"
    rm -rf "$NODE_DIR/tmp"
    mkdir -p "$NODE_DIR/data" "$NODE_DIR/logs" "$NODE_DIR/tmp"
    if is_root; then
      chown -R "$RUN_USER:" "$RUN_HOME" "$NODE_DIR"
      as_user test -w "$NODE_DIR" || die "user $RUN_USER cannot write $NODE_DIR; choose another --data dir"
    fi
    log "starting Elasticsearch $ES_VERSION on $URL (data: $NODE_DIR)"
    (
      cd "$RUN_HOME"
      exec setsid bash -c 'if [ "$(id -u)" = 0 ]; then exec runuser -u "$0" -- "$@"; else exec "$@"; fi' "$RUN_USER" env \
        ES_JAVA_HOME="$java_home" \
        ES_TMPDIR="$NODE_DIR/tmp" \
        CLI_JAVA_OPTS="-Djava.io.tmpdir=$NODE_DIR/tmp ${CLI_JAVA_OPTS:-}" \
        ES_JAVA_OPTS="${ES_HEAP:--Xms512m -Xmx1g} ${ES_JAVA_OPTS:-}" \
        "$RUN_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
        -E cluster.name="$CLUSTER_NAME" \
        -E node.name="$NODE_NAME" \
        -E network.host=127.0.0.1 \
        -E http.port="$PORT" \
        $(discovery_args) \
        -E xpack.security.enabled=false \
        -E path.data="$NODE_DIR/data" \
        -E path.logs="$NODE_DIR/logs" \
        -E action.destructive_requires_name=false \
        -E cluster.routing.allocation.disk.threshold_enabled=false
    ) </dev/null >"$LAUNCH_LOG" 2>&1 &
    local launcher=$!
    local t0=$SECONDS
    # the launcher (-d) returns once the node has started; a non-zero exit is a failed start
    while kill -0 "$launcher" 2>/dev/null; do
      if (( SECONDS - t0 > START_TIMEOUT )); then
        show_logs; die "timed out after ${START_TIMEOUT}s waiting for the launcher"
      fi
      sleep 1
    done
    if ! wait "$launcher"; then
      show_logs; die "Elasticsearch failed to start"
    fi
  fi
}

start() {
  local k
  if [ "$NODES" -le 1 ] && node_pid >/dev/null && health_ok; then
    log "already running (pid $(node_pid))"
    echo "ELASTICSEARCH_URL=$URL"
    return 0
  fi
  if [ "$NODES" -le 1 ]; then
    launch_node
  else
    # A cluster's nodes boot side by side (each launcher waits for its JVM); a failed launch fails start.
    echo "$NODES" >"$CLUSTER_FILE"
    prepare_user
    build
    sync_run_home
    shared_keystore
    local launchers=()
    for k in $(seq 1 "$NODES"); do
      ( select_node "$k"; launch_node ) &
      launchers+=("$!")
    done
    for k in "${launchers[@]}"; do
      wait "$k" || die "a node of the cluster failed to start"
    done
  fi
  local t0=$SECONDS
  while :; do
    local ready=0
    for k in $(seq 1 "$NODES"); do
      select_node "$k"
      if ! node_pid >/dev/null; then
        show_logs; die "Elasticsearch node $k exited during start-up"
      fi
      if health_ok; then ready=1; break; fi
    done
    [ "$ready" = 1 ] && break
    if (( SECONDS - t0 > START_TIMEOUT )); then
      show_logs; die "timed out after ${START_TIMEOUT}s waiting for $URL/_cluster/health"
    fi
    sleep 1
  done
  select_node 1
  if [ "$NODES" -le 1 ]; then
    log "up (pid $(node_pid)) after ${SECONDS}s"
  else
    log "cluster of $NODES nodes up after ${SECONDS}s"
  fi
  echo "ELASTICSEARCH_URL=$(all_urls)"
}

stop_node() {
  local pid
  if ! pid="$(node_pid)"; then
    rm -f "$PID_FILE"
    log "not running (port $PORT)"
    return 0
  fi
  log "stopping pid $pid (port $PORT)"
  kill -TERM "$pid" 2>/dev/null || true
  local t0=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - t0 > STOP_TIMEOUT )); then
      log "still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  log "stopped"
}

stop() {
  local k
  if [ -n "$ONLY_NODE" ]; then
    [ "$ONLY_NODE" -le "$NODES" ] || die "no node $ONLY_NODE in a cluster of $NODES"
    select_node "$ONLY_NODE"
    stop_node
    return 0
  fi
  for k in $(seq 1 "$NODES"); do
    select_node "$k"
    stop_node
  done
  rm -f "$CLUSTER_FILE"
}

status() {
  local k pid up="" running=0
  for k in $(seq 1 "$NODES"); do
    select_node "$k"
    if pid="$(node_pid)"; then
      echo "running: node $k, pid $pid, $URL, data $NODE_DIR"
      running=$((running + 1)); up="${up:-$URL}"
    else
      echo "not running: node $k (port $PORT, data $NODE_DIR)"
    fi
  done
  if [ -n "$up" ]; then
    curl -s -m 5 "$up/_cluster/health?pretty" || echo "(no answer from $up yet)"
    return 0
  fi
  return 3
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|status|restart [--port N] [--nodes N] [--node K] [--data DIR]" >&2; exit 2 ;;
esac
