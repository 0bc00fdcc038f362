#!/usr/bin/env bash
# Runs Lighthouse (npm lighthouse@12.2.3, default mobile settings) against
# Debian's Chromium on the four finder pages issue 11 measures: the career
# page, /programs with filters, a program page and compare. Prints the four
# category scores of each page and keeps the JSON reports in $OUT.
#
#   scripts/lighthouse.sh [DB]
#
# DB is an existing database (one made by `careerpath import`); without it
# the script imports the bundled data into a temporary one first. Needs
# chromium (apt-get install -y chromium) and npx (npm).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
OUT="${OUT:-$dir}"
mkdir -p "$OUT"
pid=
trap 'kill $pid 2>/dev/null || true; [ "$OUT" = "$dir" ] || rm -rf "$dir"' EXIT
go build -o "$dir/careerpath" ./cmd/careerpath
db="${1:-$dir/careerpath.db}"
[ -f "$db" ] || "$dir/careerpath" import --db "$db" >/dev/null

port=18090
base="http://127.0.0.1:$port"
"$dir/careerpath" serve --db "$db" --addr 127.0.0.1:$port >"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
until curl -sf -o /dev/null "$base/api/v1/programs?per_page=1"; do sleep 0.1; done
id=$(curl -sf "$base/api/v1/careers/machine-learning-engineer/programs?award=7&per_page=2" |
	grep -o '"id": *[0-9]*' | grep -o '[0-9]*' | head -2 | paste -sd' ')
set -- $id
pages=(
	"career /careers/machine-learning-engineer"
	"programs /programs?q=data+science&award=7&resident=TX&zip=30332"
	"program /programs/$1?career=machine-learning-engineer&resident=GA"
	"compare /programs/compare?id=$1&id=$2&career=machine-learning-engineer&resident=GA&zip=30332"
)
echo "lighthouse 12.2.3, $(/usr/bin/chromium --version 2>/dev/null), load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %11s %13s %14s %4s\n' page performance accessibility best-practices seo
for p in "${pages[@]}"; do
	name=${p%% *} path=${p#* }
	CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12.2.3 "$base$path" --quiet \
		--chrome-flags="--headless=new --no-sandbox --disable-gpu" \
		--output json --output-path "$OUT/$name.json" >/dev/null 2>&1
	node -e 'const r=require(process.argv[1]); const c=r.categories;
		console.log(process.argv[2].padEnd(9), ...["performance","accessibility","best-practices","seo"].map((k,i)=>String(Math.round(c[k].score*100)).padStart([11,13,14,4][i])),
		" TBT", Math.round(r.audits["total-blocking-time"].numericValue), "ms");' "$OUT/$name.json" "$name"
done
