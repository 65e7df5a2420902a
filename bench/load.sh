#!/usr/bin/env bash
# Load test: a mixed load on gunicorn (2 workers) over a 10,000-practitioner scratch database.
#
#   bench/load.sh [--seconds 30] [--practitioners 10000] [--connections 8] [--booking-percent 2]
#                 [--race-every 15] [--race-size 4] [--dir DIR] [--reuse]
#
# 1. Builds a scratch SQLite database in a temporary directory with bench/dataset.py (as
#    bench/search.py does) and adds what booking needs and dataset.py leaves out: opening hours on
#    every clinic (Mon-Fri 9-18 with a lunch hour, Sat 10-16), a verification time on verified
#    credentials, 4 verified patients (bench/load.py prepare). --dir DIR works in DIR and keeps it;
#    --reuse reuses the database there (default DIR /tmp/verity-load-N), building it only if
#    missing. The gazetteer (instance/gazetteer.sqlite3) is built first if missing.
# 2. Starts gunicorn -w 2 on a free port of 127.0.0.1 (rate limits off, mail written to the work
#    dir, access log with each request's time) in its own process group; a trap always stops it.
# 3. Logs the patients in through the login form, picks 300 listed practitioners and free slots
#    from the slots API (bench/load_session.py), then runs wrk with bench/load/mixed.lua for
#    --seconds, one connection per wrk thread. Requests: --booking-percent are bookings
#    (POST /api/v1/bookings with the session cookie and X-CSRFToken) on runs of 8 back-to-back
#    slots that overlap; the rest are searches (page 30%, API 10%; 13 places, 5 radii, some with a
#    treatment), profiles 25%, booking pages with a week of slots 15%, slots API 20%. Every
#    --race-every seconds, --race-size connections book one same slot at once.
# 4. Prints requests per second, p50/p90/p99 latency (wrk), answers per status class and per kind,
#    with gunicorn's own p50/p99 per kind, and the CPU gunicorn spent per request, read from /proc:
#    a figure other work on the machine does not inflate (bench/load_report.py). A booking's 409 "slot just taken"
#    is the right answer when bookings race and is counted apart; every other answer outside
#    2xx/3xx, and any socket error, is an error.
# 5. Checks the database: no two active (booked or confirmed) bookings of one practitioner overlap,
#    by booking.overlap.overlaps; every 201 left a booking; no race burst had two winners.
#
# Exits 0 only with no errors and no overlaps. Needs wrk (scripts/install-system-packages.sh, or
# apt-get install -y wrk). Traffic stays on 127.0.0.1; nothing is written outside the work dir
# except the gazetteer when it is missing. Figures from a run: bench/README.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY="$REPO/.venv/bin/python"
DURATION=30 PRACTITIONERS=10000 CONNECTIONS=8 BOOKING_PERCENT=2 RACE_EVERY=15 RACE_SIZE=4 WORK_DIR="" REUSE=""

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) DURATION=$2; shift 2 ;;
        --practitioners) PRACTITIONERS=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --booking-percent) BOOKING_PERCENT=$2; shift 2 ;;
        --race-every) RACE_EVERY=$2; shift 2 ;;
        --race-size) RACE_SIZE=$2; shift 2 ;;
        --dir) WORK_DIR=$2; shift 2 ;;
        --reuse) REUSE=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 >&2 ;;
    esac
done

WRK=$(command -v wrk || true)
[ -n "$WRK" ] || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
[ -x "$REPO/.venv/bin/gunicorn" ] || { echo "no .venv/bin/gunicorn: make setup" >&2; exit 2; }

KEEP=1
if [ -z "$WORK_DIR" ] && [ -n "$REUSE" ]; then
    WORK_DIR="${TMPDIR:-/tmp}/verity-load-$PRACTITIONERS"
elif [ -z "$WORK_DIR" ]; then
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/verity-load-XXXXXX") KEEP=0
fi
mkdir -p "$WORK_DIR"
WORK_DIR=$(cd "$WORK_DIR" && pwd)

GUNICORN_PID="" WRK_PID=""
stop_gunicorn() {
    # TERM the process group we started (gunicorn finishes requests in flight), KILL it if it lingers.
    [ -n "$GUNICORN_PID" ] || return 0
    if kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM -- "-$GUNICORN_PID" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$GUNICORN_PID" 2>/dev/null || true
    fi
    wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=""
}
cleanup() {
    local status=$?
    [ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null || true
    stop_gunicorn
    if [ "$status" -ne 0 ] && [ -f "$WORK_DIR/gunicorn.log" ]; then
        echo "--- end of gunicorn.log" >&2; tail -n 30 "$WORK_DIR/gunicorn.log" >&2
    fi
    if [ "$KEEP" = 0 ]; then rm -rf "$WORK_DIR"; else echo "work dir kept: $WORK_DIR"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$REPO"
echo "== Load test: $PRACTITIONERS practitioners, ${DURATION} s, $CONNECTIONS connections, gunicorn -w 2;" \
     "$(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg); work dir $WORK_DIR"
if [ ! -f instance/gazetteer.sqlite3 ]; then
    echo "building the gazetteer (about a minute)"
    .venv/bin/flask --app app build-gazetteer
fi
"$PY" -m bench.load prepare --dir "$WORK_DIR" --practitioners "$PRACTITIONERS" ${REUSE:+--reuse}

PORT=$("$PY" -c 'from bench.http_load import free_port; print(free_port())')
BASE="http://127.0.0.1:$PORT"
# setsid: gunicorn leads its own process group, so the trap stops the master and its workers together.
env -u SERVER_NAME -u MAIL_SERVER DATABASE_URL="sqlite:///$WORK_DIR/load.sqlite3" SECRET_KEY=bench-load \
    GAZETTEER_PATH="$REPO/instance/gazetteer.sqlite3" RATELIMIT_ENABLED=false VERITY_ENV=development \
    MAIL_OUTBOX="$WORK_DIR/outbox" UPLOAD_FOLDER="$WORK_DIR/uploads" \
    setsid .venv/bin/gunicorn -w 2 -b "127.0.0.1:$PORT" --no-control-socket --access-logfile "$WORK_DIR/access.log" \
    --access-logformat '%(m)s %(U)s %(s)s %(D)s' "app:create_app()" >>"$WORK_DIR/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
"$PY" -m bench.load session --dir "$WORK_DIR" --base "$BASE" --gunicorn-pid "$GUNICORN_PID" \
    --booking-percent "$BOOKING_PERCENT" --race-every "$RACE_EVERY" --race-size "$RACE_SIZE"
[ "$(ps -o pgid= -p "$GUNICORN_PID" | tr -d ' ')" = "$GUNICORN_PID" ] || { echo "gunicorn is not a group leader" >&2; exit 2; }

server_cpu() { "$PY" -c "from bench.http_load import server_cpu_seconds as s; print(s($GUNICORN_PID))"; }
SKIP=$(wc -l <"$WORK_DIR/access.log")
CPU_BEFORE=$(server_cpu)
echo "== wrk -t$CONNECTIONS -c$CONNECTIONS -d${DURATION}s $BASE (bench/load/mixed.lua)"
# In the background and waited for, so a signal to this script is handled at once, not after wrk.
"$WRK" -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/load/mixed.lua \
    "$BASE" -- "$WORK_DIR/targets.lua" >"$WORK_DIR/wrk.txt" &
WRK_PID=$!
wait "$WRK_PID"
WRK_PID=""
CPU_AFTER=$(server_cpu)
grep -v '^LOAD ' "$WORK_DIR/wrk.txt"
stop_gunicorn  # lets bookings in flight finish before the database is checked

"$PY" -m bench.load report --dir "$WORK_DIR" --skip-lines "$SKIP" --server-cpu-seconds "$CPU_BEFORE" "$CPU_AFTER"
