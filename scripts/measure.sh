#!/usr/bin/env bash
# Measures the figures the README reports, on this machine:
#   - full import of the bundled data: wall time and peak RSS (/usr/bin/time -v)
#   - database size on disk
#   - serve ready on an existing database: process start to first 200 from /healthz
#   - career page weight (HTML, CSS, gzip) and latency at 8 concurrent clients (wrk),
#     with the server-side latency histogram from /metrics
# Needs wrk (apt-get install -y wrk) and GNU time (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
pid=
go build -o "$dir/careerpath" ./cmd/careerpath
db="$dir/careerpath.db"

echo "== import"
/usr/bin/time -v "$dir/careerpath" import --db "$db" >"$dir/import.out" 2>"$dir/import.err"
grep -E "programs:|import took" "$dir/import.out"
grep -E "Elapsed|Maximum resident" "$dir/import.err"
echo "database size: $(du -m "$db" | cut -f1) MB ($(stat -c %s "$db") bytes)"

echo "== serve ready on the existing database"
port=18080
start=$(date +%s%N)
"$dir/careerpath" serve --db "$db" --addr 127.0.0.1:$port >"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.005; done
echo "ready after $(( ($(date +%s%N) - start) / 1000000 )) ms"
grep -o 'msg="loaded career guides" duration_ms=[0-9]*' "$dir/serve.err" || true

until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/programs?per_page=1"; do sleep 0.05; done
echo "program finder ready after $(( ($(date +%s%N) - start) / 1000000 )) ms (its index builds in the background)"

echo "== career page"
url="http://127.0.0.1:$port/careers/machine-learning-engineer"
html=$(curl -s "$url" | wc -c)
css=$(curl -s "http://127.0.0.1:$port/static/site.css" | wc -c)
gz=$(curl -s -H 'Accept-Encoding: gzip' "$url" | wc -c)
echo "HTML $html bytes + CSS $css bytes = $((html + css)) bytes (HTML gzipped: $gz bytes)"
wrk -t2 -c8 -d15s --latency "$url" | sed -n '/Latency Distribution/,/Requests\/sec/p'
echo "server-side latency of GET /careers/{slug} (cumulative share by bucket):"
curl -s "http://127.0.0.1:$port/metrics" |
	grep -F 'careerpath_http_request_duration_seconds_bucket{route="GET /careers/{slug}"' |
	sed -E 's/.*le="([^"]+)"\} ([0-9.e+]+)$/\1 \2/' |
	awk '{ le[n] = $1; c[n++] = $2 } END { for (i = 0; i < n && i < 6; i++) printf "  <= %s s: %.4f\n", le[i], c[i] / c[n-1] }'

echo "== finder JSON endpoint (a career query with 3 filters)"
wrk -t2 -c8 -d15s --latency "http://127.0.0.1:$port/api/v1/careers/machine-learning-engineer/programs?award=7&delivery=online&control=public&sort=tuition" |
	sed -n '/Latency Distribution/,/Requests\/sec/p'
echo "== finder throughput with request-path monitoring on and off (issue 6: ≤ 5 %)"
# A second server on the same database with monitoring off; wrk runs
# alternate between the two, so that the load of a shared machine falls
# on both alike.
"$dir/careerpath" serve --db "$db" --addr 127.0.0.1:$((port + 1)) --monitoring=false >"$dir/serve-off.out" 2>"$dir/serve-off.err" &
pid_off=$!
trap 'kill $pid $pid_off 2>/dev/null || true; rm -rf "$dir"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$((port + 1))/api/v1/programs?per_page=1"; do sleep 0.05; done
path="/api/v1/careers/machine-learning-engineer/programs"
for round in 1 2 3 4; do
	order="$port $((port + 1))"
	if [ $((round % 2)) = 0 ]; then order="$((port + 1)) $port"; fi
	for p in $order; do
		rps=$(wrk -t2 -c32 -d10s "http://127.0.0.1:$p$path" | awk '/Requests\/sec/ { print $2 }')
		if [ "$p" = "$port" ]; then echo "round $round monitoring on:  $rps requests/s"; else echo "round $round monitoring off: $rps requests/s"; fi
	done
done
