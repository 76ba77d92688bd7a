#!/usr/bin/env bash
# Declares the topics of topics.yaml on Redpanda (contracts/kafka.md section 1): creates missing
# topics, adds missing partitions, sets retention.ms and cleanup.policy, and keeps broker
# auto-creation disabled. Idempotent: a second run changes nothing.
# Environment: BROKERS (host:port), ADMIN_API (host:port), TOPICS_FILE.
set -euo pipefail

rpk_() { rpk -X "brokers=$BROKERS" -X "admin.hosts=$ADMIN_API" "$@"; }

rpk_ cluster config set auto_create_topics_enabled false

# Current partition count of a topic, empty when it does not exist.
partitions_of() {
  local name parts _
  while read -r name parts _; do
    [ "$name" != "$1" ] || { echo "$parts"; return; }
  done < <(rpk_ topic list)
}

declare_topic() {
  local name=$1 partitions=$2 retention=$3 current
  current=$(partitions_of "$name")
  if [ -z "$current" ]; then
    rpk_ topic create "$name" -p "$partitions" -r 1 -c "retention.ms=$retention" -c cleanup.policy=delete
  elif [ "$current" -lt "$partitions" ]; then
    rpk_ topic add-partitions "$name" --num $((partitions - current))
  elif [ "$current" -gt "$partitions" ]; then
    echo "declare-topics: $name has $current partitions, more than the declared $partitions (left as is)" >&2
  fi
  rpk_ topic alter-config "$name" --set "retention.ms=$retention" --set cleanup.policy=delete
}

# topics.yaml holds "- name:", "partitions:" and "retention_ms:" lines per topic.
name='' partitions='' retention=''
flush() {
  [ -n "$name" ] || return 0
  if [ -z "$partitions" ] || [ -z "$retention" ]; then
    echo "declare-topics: incomplete entry $name" >&2
    exit 1
  fi
  declare_topic "$name" "$partitions" "$retention"
  name='' partitions='' retention=''
}
count=0
while IFS= read -r line; do
  line=${line%%#*}
  value=${line##*: }
  value=${value%% *}
  case $line in
    *"- name:"*) flush; name=$value; count=$((count + 1)) ;;
    *"partitions:"*) partitions=$value ;;
    *"retention_ms:"*) retention=$value ;;
  esac
done <"$TOPICS_FILE"
flush
[ "$count" -gt 0 ] || { echo "declare-topics: no topics in $TOPICS_FILE" >&2; exit 1; }
rpk_ topic list
echo "declare-topics: $count topics declared"
