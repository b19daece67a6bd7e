#!/usr/bin/env bash
# Run every benchmark in turn on an otherwise idle machine; each writes its figures to bench/out/.
# PostgreSQL on 127.0.0.1:5432 (trust auth) is needed for most; the databases are created here.
# Usage: bash bench/run_all.sh     (about 25 minutes on 2 cores, 12 of them the 10,000-plan run)
set -u
cd "$(dirname "$0")/.."
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PY=.venv/bin/python
mkdir -p bench/out
for db in rose_bench rose_referrals_bench rose_groups rose_outcomes_bench rose_hub rose_pages; do
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" && psql "$PG/postgres" -qc "CREATE DATABASE $db"
done
run() {
  local name=$1; shift
  echo "== $name (load average $(cut -d' ' -f1 /proc/loadavg))"
  "$@" > "bench/out/$name.txt" 2>&1 && tail -n 25 "bench/out/$name.txt" | grep -v -i warn || echo "   failed: see bench/out/$name.txt"
}
run platform env DATABASE_URL="$PG/rose_bench" $PY -u bench/bench_platform.py --patients 100000
run referrals env DATABASE_URL="$PG/rose_referrals_bench" $PY -u bench/bench_referrals.py --referrals 100000
run groups env DATABASE_URL="$PG/rose_groups" $PY -u bench/bench_groups.py --waiting 100000
run outcomes env DATABASE_URL="$PG/rose_outcomes_bench" $PY -u bench/bench_outcomes.py --patients 100000
run hub_pg env DATABASE_URL="$PG/rose_hub" $PY -u bench/bench_hub.py --requests 100
run hub_sqlite $PY -u bench/bench_hub.py --requests 100
run engine $PY -u bench/bench_engine.py
run medicines $PY -u bench/bench_medicines.py
run plans $PY -u bench/bench_plans.py --runs 3
run messaging env DATABASE_URL="$PG/rose_messaging" $PY -u bench/bench_messaging.py --messages 6000 --threads 8 --plans 10000
run pages env DATABASE_URL="$PG/rose_pages" $PY -u bench/bench_pages.py --patients 100000 --seconds 10
