#!/usr/bin/env bash
# A Spark standalone cluster on this machine (a master and one worker, each its own JVM) from the spark module's own
# jars: no Spark distribution needed. For trying `siren fit DIR --master spark://...` and for the batch figures.
#   scripts/spark-standalone.sh start [CORES] [MEMORY]   master on 127.0.0.1:${SIREN_SPARK_PORT:-7077}, one worker
#   scripts/spark-standalone.sh stop
# Its SPARK_HOME (jars/ and a RELEASE file, which the worker needs to write executor command lines) and the logs are
# under spark/target/spark-home. siren's own jars are left out of it: they reach the executors with the job, as on
# any cluster. On a real cluster, start Spark's own sbin/start-master.sh and start-worker.sh instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$root/spark/target/spark-home"
port="${SIREN_SPARK_PORT:-7077}"

stop() {
  for role in worker master; do
    if [ -f "$home/$role.pid" ]; then
      pid="$(cat "$home/$role.pid")"
      pkill -KILL -P "$pid" 2>/dev/null || true  # the worker's executors
      kill "$pid" 2>/dev/null || true
      rm -f "$home/$role.pid"
    fi
  done
}

wait_for() {  # LOG TEXT: the line that says the process is up, within 120 s
  for _ in $(seq 1 240); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "spark-standalone: no '$2' in $1 within 120 s:" >&2; tail -20 "$1" >&2; stop; exit 1
}

case "${1:-}" in
  start)
    cores="${2:-$(nproc)}"; memory="${3:-6g}"
    "$root/siren" --version >/dev/null  # builds the CLI when needed: its slf4j-simple is the daemons' logger too
    if [ ! -d "$root/spark/target/lib" ]; then (cd "$root" && mvn -q -B -DskipTests -pl spark -am install); fi
    stop
    rm -rf "$home"; mkdir -p "$home/jars" "$home/logs" "$home/work"
    for j in "$root"/spark/target/lib/*.jar; do
      case "$(basename "$j")" in siren4j-*) ;; *) ln -s "$j" "$home/jars/" ;; esac
    done
    ln -s "$root"/cli/target/lib/slf4j-simple-*.jar "$home/jars/"
    echo "Spark standalone for siren4j, from spark/target/lib" > "$home/RELEASE"
    jvm="--add-modules jdk.incubator.vector $(sed -n 's:.*<spark.jvm>\(.*\)</spark.jvm>.*:\1:p' "$root/spark/pom.xml")"
    export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
    # shellcheck disable=SC2086
    java $jvm -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
      >"$home/logs/master.log" 2>&1 &
    echo $! > "$home/master.pid"
    wait_for "$home/logs/master.log" "I have been elected leader"
    # shellcheck disable=SC2086
    java $jvm -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" --host 127.0.0.1 \
      --cores "$cores" --memory "$memory" --webui-port 0 --work-dir "$home/work" >"$home/logs/worker.log" 2>&1 &
    echo $! > "$home/worker.pid"
    wait_for "$home/logs/worker.log" "Successfully registered with master"
    echo "master spark://127.0.0.1:$port, one worker ($cores cores, $memory); logs in $home/logs; stop: $0 stop"
    ;;
  stop) stop ;;
  *) echo "usage: $0 start [CORES] [MEMORY] | stop" >&2; exit 2 ;;
esac
