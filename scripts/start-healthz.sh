#!/bin/bash
# start-healthz.sh BINARY DB PORT: copies DB to a fresh temporary file,
# starts "BINARY serve" on it and prints the milliseconds from the start
# to the first 200 of /healthz (polled with curl every 5 ms). The server
# keeps running; its pid, log and database are in the printed directory.
set -eu
bin=$1 db=$2 port=$3
dir=$(mktemp -d)
cp "$db" "$dir/cp.db"
t0=$(date +%s%N)
"$bin" serve --db "$dir/cp.db" --addr "127.0.0.1:$port" >"$dir/out" 2>"$dir/log" &
echo $! >"$dir/pid"
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz")" = 200 ]; do
	sleep 0.005
done
t1=$(date +%s%N)
echo "healthz_ms $(((t1 - t0) / 1000000)) dir $dir"
