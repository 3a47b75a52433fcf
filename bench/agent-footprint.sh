#!/usr/bin/env bash
# Agent footprint (issue 3): resident memory and CPU of the real agent jar, run with the systemd
# unit's JVM flags, polling a wireguard-go clients interface with 100 peers every second, against
# moto (DynamoDB + CloudWatch) — all inside a network namespace this script creates and removes.
# Needs root, wireguard-go, wg, ip, moto_server, a JDK >= 21. Usage: bench/agent-footprint.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
measure=${1:-300}
warmup=60
tag=$$
ns=wgroam-bench-$tag
clients=cb$tag
backbone=bb$tag
. scripts/java.sh
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  rm -f "/var/run/wireguard/$clients.sock" "/var/run/wireguard/$backbone.sock"
}
trap cleanup EXIT

[ -f node-reporter/target/wg-roam-agent.jar ] || ./mvnw -B -q -pl node-reporter -am package -DskipTests
ip netns add "$ns"
ip -n "$ns" link set lo up
for iface in "$clients" "$backbone"; do
  WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 ip netns exec "$ns" wireguard-go -f "$iface" >/dev/null 2>&1 &
  pids+=($!)
done
for iface in "$clients" "$backbone"; do
  for _ in $(seq 50); do [ -S "/var/run/wireguard/$iface.sock" ] && break; sleep 0.1; done
  wg genkey | ip netns exec "$ns" wg set "$iface" private-key /dev/stdin
  ip -n "$ns" link set "$iface" up
done
ip netns exec "$ns" wg set "$backbone" listen-port 51821
ip -n "$ns" addr add 10.99.0.1/32 dev "$backbone"
for i in $(seq 1 100); do
  ip netns exec "$ns" wg set "$clients" peer "$(wg genkey | wg pubkey)" \
    allowed-ips "10.50.$((i / 250)).$((i % 250 + 1))/32" endpoint "198.51.100.$((i % 250 + 1)):51820"
done

ip netns exec "$ns" moto_server -H 127.0.0.1 -p 5000 >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do ip netns exec "$ns" python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/moto-api/')" 2>/dev/null && break; sleep 0.2; done
# The table as core's TableSchema.createTableRequest defines it (keys, the lists index, the stream).
ip netns exec "$ns" python3 - <<'PY'
import boto3
d = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:5000", region_name="eu-west-1",
                 aws_access_key_id="testing", aws_secret_access_key="testing")
s = lambda n: {"AttributeName": n, "AttributeType": "S"}
d.create_table(TableName="wg-roam", BillingMode="PAY_PER_REQUEST",
    AttributeDefinitions=[s("pk"), s("sk"), s("listKey"), s("listSort")],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    GlobalSecondaryIndexes=[{"IndexName": "lists", "Projection": {"ProjectionType": "ALL"},
        "KeySchema": [{"AttributeName": "listKey", "KeyType": "HASH"}, {"AttributeName": "listSort", "KeyType": "RANGE"}]}],
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
PY

state=$(mktemp -d)
flags=$(sed -n '/^ExecStart=/,/run$/p' node-reporter/packaging/wg-roam-agent.service | tr -d '\\' | tr ' ' '\n' | grep '^-XX\|^-X' | sed "s#/var/lib/wg-roam#$state#")
run_agent() {
  exec ip netns exec "$ns" env MALLOC_ARENA_MAX=2 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    WGROAM_CONFIG=/nonexistent WGROAM_NODE_ID=node-bench WGROAM_NODE_NAME=vpn-bench WGROAM_REGION=eu-west-1 \
    WGROAM_BACKBONE_ADDRESS=10.99.0.1/32 WGROAM_BACKBONE_ENDPOINT=203.0.113.10:51821 \
    WGROAM_CLIENTS_INTERFACE="$clients" WGROAM_BACKBONE_INTERFACE="$backbone" \
    WGROAM_DYNAMODB_ENDPOINT=http://127.0.0.1:5000 WGROAM_CLOUDWATCH_ENDPOINT=http://127.0.0.1:5000 \
    WGROAM_CONTROL_SOCKET="$state/agent.sock" WGROAM_HEALTH_PORT=51819 \
    "$java" $flags ${EXTRA_JAVA_FLAGS:-} -jar node-reporter/target/wg-roam-agent.jar run
}
# A first short run creates the class-data archive, as the first start on a node does.
(run_agent) >"$state/first.log" 2>&1 &
first=$!; pids+=($first); sleep 8; kill "$first"; wait "$first" 2>/dev/null || true

(run_agent) >"$state/agent.log" 2>&1 &
agent=$!; pids+=($agent)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$agent/stat"; }
sleep "$warmup"
c0=$(cpu); t0=$(date +%s.%N)
peak=0
for _ in $(seq "$measure"); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$agent/status"); [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 1
done
c1=$(cpu); t1=$(date +%s.%N)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$agent/status")
anon_kb=$(awk '/RssAnon/ {print $2}' "/proc/$agent/status")
echo "BENCH agent footprint: peers=100 poll=1s measured=${measure}s after ${warmup}s warm-up; java=$("$java" -version 2>&1 | head -n1)"
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" -v rss="$rss_kb" -v anon="$anon_kb" -v peak="$peak" 'BEGIN {
  printf "BENCH agent footprint: VmRSS=%.1f MiB (peak %.1f) RssAnon=%.1f MiB cpu=%.3f s/min\n",
    rss/1024, peak/1024, anon/1024, (c1-c0)/hz/((t1-t0)/60) }'
echo "BENCH agent footprint: log lines: $(wc -l < "$state/agent.log"), warnings: $(grep -c WARN "$state/agent.log" || true)"
grep WARN "$state/agent.log" | head -n 5 || true
if [ -n "${NMT:-}" ]; then "$(dirname "$java")/jcmd" "$agent" VM.native_memory summary | grep -E "committed" | head -n 20; fi
