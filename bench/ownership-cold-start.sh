#!/usr/bin/env bash
# Ownership function cold start (issue 4): a new JVM per run, exactly the shaded ownership.jar on
# the class path (plus the Lambda runtime's event deserializer and the bench driver), building the
# handler from its environment and handling one claim against moto (DynamoDB + SSM) on loopback.
# Usage: bench/ownership-cold-start.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
. scripts/java.sh

./mvnw -B -q -pl test -am test-compile package -DskipTests >/dev/null
serialization=$(find ~/.m2/repository/com/amazonaws/aws-lambda-java-serialization -name '*.jar' | sort | tail -n1)
cp="functions/target/ownership.jar:$serialization:test/target/test-classes"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
for _ in $(seq 100); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null && break; sleep 0.2; done
endpoint=http://127.0.0.1:$port
export AWS_REGION=eu-west-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing TABLE_NAME=wg-roam-bench \
  COMMAND_DOCUMENT=wg-roam-apply-routes FLEET_TAG_VALUE=bench DYNAMODB_ENDPOINT=$endpoint SSM_ENDPOINT=$endpoint
"$java" -cp "$cp" dev.wgroam.bench.ColdStart setup "$endpoint" "$TABLE_NAME"
# The flags Lambda's java runtimes start the JVM with (C1 only, serial GC), unless JAVA_FLAGS says otherwise.
flags=${JAVA_FLAGS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
times=()
for i in $(seq "$runs"); do
  "$java" -cp "$cp" dev.wgroam.bench.ColdStart reset "$endpoint" "$TABLE_NAME"
  start=$(date +%s%N)
  "$java" $flags -cp "$cp" dev.wgroam.bench.ColdStart invoke events/ownership-claim.json 2>>/tmp/cold-start-$$.log >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "BENCH ownership cold start: runs=$runs wall ms: $(echo $sorted | tr '\n' ' ')"
echo "BENCH ownership cold start: flags: $flags"
echo "BENCH ownership cold start: median $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p") ms; jar $(du -k functions/target/ownership.jar | cut -f1) KiB; java $("$java" -version 2>&1 | head -n1)"
tail -n1 /tmp/cold-start-$$.log
