#!/usr/bin/env bash
# Starts the local services the tests use (PostgreSQL, Mosquitto, Redis) when they are not already up.
# Machines of this kind start them before a session; a CI run or a restarted machine may not.
set -u
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && exec 3>&- 3<&-; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done; return 1; }

if ! port_open 5432; then
  echo "starting PostgreSQL" >&2
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  wait_port 5432 || echo "warning: PostgreSQL is not reachable on 127.0.0.1:5432" >&2
fi
if ! port_open 1883; then
  echo "starting Mosquitto" >&2
  if command -v mosquitto >/dev/null 2>&1; then
    mosquitto -d -c /etc/mosquitto/mosquitto.conf || mosquitto -d -p 1883 || true
  fi
  wait_port 1883 || echo "warning: Mosquitto is not reachable on 127.0.0.1:1883" >&2
fi
if ! port_open 6379; then
  echo "starting Redis" >&2
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log \
      || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  fi
  wait_port 6379 || echo "warning: Redis is not reachable on 127.0.0.1:6379" >&2
fi
# The tests work in their own throwaway schemas of the `test` database.
if port_open 5432 && command -v psql >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null 2>&1 || true
fi
exit 0
