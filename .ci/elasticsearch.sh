#!/usr/bin/env bash
# Download (once, from Maven Central), unpack and start a single-node
# Elasticsearch on 127.0.0.1:9200 for the tests, as an unprivileged user.
# Idempotent: when a node already answers, only prints the environment.
# Prints: export ELASTICSEARCH_URL=http://127.0.0.1:9200
# `elasticsearch.sh status` and `elasticsearch.sh stop` serve the fault tests,
# which stop the node for real and start it again (the data stays).
#
# The integ-test zip is the minimal official distribution: no bundled JDK (it
# runs on the machine's JDK 17+) but x-pack core and security are included and
# security is on by default: it is switched off (loopback-only test node).
set -euo pipefail

ES_VERSION=${ES_VERSION:-8.19.4}
ES_PORT=${ES_PORT:-9200}
ES_USER=${ES_USER:-essaim-es}
ES_HEAP=${ES_HEAP:-512m}
CACHE_DIR=${ES_CACHE_DIR:-/var/cache/essaim-ci/elasticsearch}
URL="http://127.0.0.1:$ES_PORT"
ZIP="$CACHE_DIR/elasticsearch-integ-test-$ES_VERSION.zip"
HOME_DIR="$CACHE_DIR/elasticsearch-$ES_VERSION"
DATA_DIR="$CACHE_DIR/data-$ES_VERSION"
LOG_DIR="$CACHE_DIR/logs-$ES_VERSION"
RUN_DIR="$CACHE_DIR/run"

log() { echo "[elasticsearch] $*" >&2; }

healthy() {
  curl -fsS --max-time 3 "$URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

case "${1:-start}" in
  status)
    [ -f "$RUN_DIR/elasticsearch.pid" ] && healthy || { echo "not running" >&2; exit 1; }
    exit 0 ;;
  stop)
    pid=$(cat "$RUN_DIR/elasticsearch.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; } && exit 0
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|status|stop]" >&2; exit 2 ;;
esac

PLUGIN_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/essaim-analysis"
PLUGIN_VERSION="2.0-$(cat "$PLUGIN_SRC/EssaimAnalysis.java" "$PLUGIN_SRC/named_components.json" | sha256sum | cut -c1-12)"
installed_plugin_version() {
  awk -F= '$1=="version" {print $2}' "$HOME_DIR/plugins/essaim-analysis/stable-plugin-descriptor.properties" 2>/dev/null || true
}

# A node this script started with an older essaim-analysis plugin is restarted with the
# new one (the source changed): tests would otherwise run against the old filters.
if healthy && [ -f "$RUN_DIR/elasticsearch.pid" ] && [ -d "$HOME_DIR/plugins/essaim-analysis" ] \
    && [ ! -d "$HOME_DIR/modules/analysis-common" ] && [ "$(installed_plugin_version)" != "$PLUGIN_VERSION" ]; then
  log "essaim-analysis changed ($(installed_plugin_version) -> $PLUGIN_VERSION): restarting the node"
  "$0" stop
fi

if healthy; then
  log "already running at $URL"
  echo "export ELASTICSEARCH_URL=$URL"
  exit 0
fi

if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  log "installing a JDK (openjdk-17-jdk-headless)"
  export DEBIAN_FRONTEND=noninteractive
  # One apt at a time: .ci/run installs the other services meanwhile.
  flock /var/lock/essaim-ci-apt sh -c "apt-get update -qq && apt-get install -y -qq \
    --no-install-recommends openjdk-17-jdk-headless unzip" >&2
fi
if [ -z "${ES_JAVA_HOME:-}" ]; then
  ES_JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
export ES_JAVA_HOME

mkdir -p "$CACHE_DIR"
if [ ! -s "$ZIP" ]; then
  command -v mvn >/dev/null 2>&1 || {
    log "installing Maven"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven >&2
  }
  log "fetching Elasticsearch $ES_VERSION (integ-test zip) from Maven Central"
  # Maven checks the artifact's checksum (--strict-checksums) and keeps it in ~/.m2.
  mvn -q -B --strict-checksums dependency:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$CACHE_DIR/download" >&2
  mv "$CACHE_DIR/download/elasticsearch-$ES_VERSION.zip" "$ZIP"
fi
if [ ! -x "$HOME_DIR/bin/elasticsearch" ]; then
  command -v unzip >/dev/null 2>&1 || {
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip >&2
  }
  log "unpacking to $HOME_DIR"
  rm -rf "$HOME_DIR.tmp" && mkdir -p "$HOME_DIR.tmp"
  unzip -q "$ZIP" -d "$HOME_DIR.tmp"
  mv "$HOME_DIR.tmp/elasticsearch-$ES_VERSION" "$HOME_DIR" && rm -rf "$HOME_DIR.tmp"
fi

# The integ-test zip has no analysis-common module: no elision, asciifolding,
# stemmer, edge_ngram or synonym_graph filters, which the French chain of search/
# needs. Maven Central does not publish that module, so a small stable plugin
# providing those filters (same names and settings, from the Lucene jars the zip
# already ships; source in .ci/essaim-analysis/) is compiled here and installed.
# Its version carries a checksum of the source: a changed source is rebuilt and
# reinstalled. A full distribution needs none of it.
install_analysis_plugin() {
  command -v javac >/dev/null 2>&1 || { log "javac not found: install a JDK 17+ (openjdk-17-jdk-headless)"; exit 1; }
  log "building the essaim-analysis plugin $PLUGIN_VERSION (French filters for the integ-test distribution)"
  build="$CACHE_DIR/essaim-analysis-build"
  rm -rf "$build" && mkdir -p "$build/classes" "$build/zip"
  "$ES_JAVA_HOME/bin/javac" -nowarn -d "$build/classes" -cp "$HOME_DIR/lib/*" "$PLUGIN_SRC/EssaimAnalysis.java" >&2
  cp "$PLUGIN_SRC/named_components.json" "$build/zip/"
  cp "$PLUGIN_SRC/named_components.json" "$build/classes/"
  java_version=$("$ES_JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  cat > "$build/zip/stable-plugin-descriptor.properties" <<PROPS
description=French analysis filters (elision, asciifolding, stemmer, edge_ngram, synonym_graph) for Essaim CI
version=$PLUGIN_VERSION
name=essaim-analysis
java.version=$java_version
elasticsearch.version=$ES_VERSION
PROPS
  (cd "$build/classes" && "$ES_JAVA_HOME/bin/jar" cf "$build/zip/essaim-analysis.jar" .)
  (cd "$build/zip" && rm -f ../essaim-analysis.zip && "$ES_JAVA_HOME/bin/jar" cfM ../essaim-analysis.zip .)
  if [ -d "$HOME_DIR/plugins/essaim-analysis" ]; then
    "$HOME_DIR/bin/elasticsearch-plugin" remove essaim-analysis >&2
  fi
  "$HOME_DIR/bin/elasticsearch-plugin" install --batch "file://$build/essaim-analysis.zip" >&2
}
if [ ! -d "$HOME_DIR/modules/analysis-common" ] && [ "$(installed_plugin_version)" != "$PLUGIN_VERSION" ]; then
  install_analysis_plugin
fi

# Elasticsearch refuses to run as root.
if ! id "$ES_USER" >/dev/null 2>&1; then
  log "creating user $ES_USER"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
fi
mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
chown -R "$ES_USER" "$HOME_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"

log "starting Elasticsearch $ES_VERSION on $URL (heap $ES_HEAP, JDK $ES_JAVA_HOME)"
su -s /bin/bash "$ES_USER" -c "
  export ES_JAVA_HOME='$ES_JAVA_HOME' ES_JAVA_OPTS='-Xms$ES_HEAP -Xmx$ES_HEAP'
  '$HOME_DIR/bin/elasticsearch' -d -p '$RUN_DIR/elasticsearch.pid' \
    -E cluster.name=essaim-ci -E node.name=essaim-ci-1 \
    -E discovery.type=single-node -E xpack.security.enabled=false \
    -E network.host=127.0.0.1 -E http.port=$ES_PORT \
    -E path.data='$DATA_DIR' -E path.logs='$LOG_DIR' \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false
" >"$LOG_DIR/startup.log" 2>&1 || { tail -n 40 "$LOG_DIR/startup.log" >&2; exit 1; }

for _ in $(seq 1 120); do
  if healthy; then
    log "ready"
    echo "export ELASTICSEARCH_URL=$URL"
    exit 0
  fi
  sleep 1
done
log "not healthy after 120s; last log lines:"
tail -n 40 "$LOG_DIR"/*.log >&2 || true
exit 1
