#!/usr/bin/env bash
# `npm run kafka:fetch`: Apache Kafka's server jars from Maven Central into .kafka/libs (git-ignored),
# for the single-node KRaft broker the Kafka tests start (test/support/kafka-broker.ts). Cached: a
# second run with the same version in test/support/kafka/pom.xml does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
pom=test/support/kafka/pom.xml
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
libs=.kafka/libs
if [ -f "$libs/kafka_2.13-$version.jar" ] && [ -f "$libs/.complete-$version" ]; then
  echo "kafka:fetch: Apache Kafka $version already in $libs"
  exit 0
fi
command -v mvn >/dev/null 2>&1 || { echo "kafka:fetch: Maven (mvn) is needed to fetch Apache Kafka's jars" >&2; exit 1; }
rm -rf "$libs"
mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/$libs" -DincludeScope=runtime
touch "$libs/.complete-$version"
echo "kafka:fetch: Apache Kafka $version in $libs ($(ls "$libs" | wc -l) files)"
