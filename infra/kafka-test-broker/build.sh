#!/usr/bin/env bash
# Builds the Kafka-protocol test broker (needs gcc and Debian's librdkafka-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gcc -O2 -Wall -Wextra -o "$here/kafka-test-broker" "$here/broker.c" -lrdkafka
