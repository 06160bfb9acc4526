#!/usr/bin/env bash
# A production-like run: follows README.md's "Running it for real" literally on this
# machine, then uses the site over HTTPS as a new member would
# (scripts/production_smoke.py). If the README's steps are wrong, this fails.
#
# The README's commands, in the README's order, with real values for its "…":
# a fresh PostgreSQL database, Redis for the broker and the cache, production settings,
# migrate, collectstatic, site_setup, the first staff account, a first opportunity,
# then gunicorn, a Celery worker and Celery beat. The test harness adds only three
# things: a self-signed certificate (made here with openssl) for gunicorn's HTTPS, a
# local SMTP sink (aiosmtpd, writing a Maildir) as the mail server, and the client.
#
# Needs `make install` (.venv), PostgreSQL and Redis. Everything it starts is stopped,
# and the database dropped, however it ends. Settings for a shared machine:
#   SMOKE_PGHOST, SMOKE_PGPORT, SMOKE_PGUSER  PostgreSQL (127.0.0.1, 5432, postgres)
#   SMOKE_DB                                  database to create and drop (roundtable_smoke_<pid>)
#   SMOKE_REDIS                               redis://127.0.0.1:6379
#   SMOKE_BROKER_DB, SMOKE_CACHE_DB           Redis databases, empty at the start and flushed
#                                             at the end (14 and 15)
#   SMOKE_HTTPS_PORT, SMOKE_SMTP_PORT         18143 and 18125
set -euo pipefail
cd "$(dirname "$0")/.."
STARTED=$(date +%s)

PGHOST_=${SMOKE_PGHOST:-127.0.0.1}
PGPORT_=${SMOKE_PGPORT:-5432}
PGUSER_=${SMOKE_PGUSER:-postgres}
DB=${SMOKE_DB:-roundtable_smoke_$$}
REDIS=${SMOKE_REDIS:-redis://127.0.0.1:6379}
BROKER_DB=${SMOKE_BROKER_DB:-14}
CACHE_DB=${SMOKE_CACHE_DB:-15}
HTTPS_PORT=${SMOKE_HTTPS_PORT:-18143}
SMTP_PORT=${SMOKE_SMTP_PORT:-18125}
HOST=localhost
REDIS_HOSTPORT=${REDIS#redis://}
REDIS_HOST=${REDIS_HOSTPORT%%:*}
REDIS_PORT=${REDIS_HOSTPORT##*:}

WORK=$(mktemp -d -t roundtable-smoke.XXXXXX)
PIDS=()
NAMES=()
DB_CREATED=false
REDIS_CHECKED=false
OK=false
BEAT_FILES_BEFORE=$(ls celerybeat-schedule* 2>/dev/null || true)

say() { printf '== %s\n' "$*"; }
fail() {
    printf '\nPRODUCTION SMOKE FAILED: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    local status=$?
    set +e
    for i in "${!PIDS[@]}"; do
        # Each was started with setsid: its process group holds it and its children
        # (gunicorn's and Celery's worker processes).
        kill -TERM -- "-${PIDS[$i]}" 2>/dev/null
    done
    for i in "${!PIDS[@]}"; do
        for _ in $(seq 1 100); do
            kill -0 -- "-${PIDS[$i]}" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 -- "-${PIDS[$i]}" 2>/dev/null; then
            echo "${NAMES[$i]} did not stop within 10 s: killed" >&2
            kill -KILL -- "-${PIDS[$i]}" 2>/dev/null
        fi
    done
    if [ "$OK" != true ]; then
        for name in smtp-sink gunicorn worker beat; do
            [ -s "$WORK/$name.log" ] || continue
            printf '\n--- last lines of the %s log\n' "$name" >&2
            tail -n 30 "$WORK/$name.log" >&2
        done
    fi
    if [ "$DB_CREATED" = true ]; then
        dropdb -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" --if-exists "$DB" \
            || echo "Could not drop the database $DB" >&2
    fi
    if [ "$REDIS_CHECKED" = true ]; then
        redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$BROKER_DB" flushdb >/dev/null
        redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$CACHE_DB" flushdb >/dev/null
    fi
    # Celery beat keeps its schedule in the folder it runs in, as the README runs it.
    if [ -z "$BEAT_FILES_BEFORE" ]; then
        rm -f celerybeat-schedule*
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME LOG COMMAND...: in the background, in its own process group.
start() {
    local name=$1 log=$2
    shift 2
    setsid "$@" >"$log" 2>&1 </dev/null &
    PIDS+=("$!")
    NAMES+=("$name")
}

alive() { kill -0 "${PIDS[$1]}" 2>/dev/null; }

# wait_for DESCRIPTION SECONDS INDEX COMMAND...: poll until COMMAND succeeds; fail if the
# process started as INDEX (in PIDS) dies first, or the time runs out.
wait_for() {
    local what=$1 seconds=$2 index=$3
    shift 3
    local deadline=$(($(date +%s) + seconds))
    until "$@" >/dev/null 2>&1; do
        alive "$index" || fail "$what: ${NAMES[$index]} stopped (see its log below)"
        [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within $seconds s"
        sleep 0.2
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# step NAME COMMAND...: run one of the README's commands, its output in NAME.log (shown
# if anything fails); stop at the first failure.
step() {
    local what=$1 status=0 began
    shift
    say "$what"
    began=$(date +%s)
    "$@" >"$WORK/$what.log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        tail -n 40 "$WORK/$what.log" >&2
        fail "$what (exit $status)"
    fi
    tail -n 1 "$WORK/$what.log" | sed 's/^/   /'
    echo "   ($(($(date +%s) - began)) s)"
}

say "Checking what the run needs"
[ -x .venv/bin/python ] || fail "no .venv: run make install first"
pg_isready -h "$PGHOST_" -p "$PGPORT_" -q || fail "PostgreSQL is not answering at $PGHOST_:$PGPORT_"
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null || fail "Redis is not answering at $REDIS"
for n in "$BROKER_DB" "$CACHE_DB"; do
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$n" dbsize)" = 0 ] \
        || fail "Redis database $n is not empty: choose free ones with SMOKE_BROKER_DB and SMOKE_CACHE_DB"
done
REDIS_CHECKED=true
for port in "$HTTPS_PORT" "$SMTP_PORT"; do
    port_open "$port" && fail "port $port is in use: choose another with SMOKE_HTTPS_PORT / SMOKE_SMTP_PORT"
done
createdb -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" "$DB" || fail "could not create the database $DB"
DB_CREATED=true

say "Test harness: a self-signed certificate for $HOST and an SMTP sink on port $SMTP_PORT"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST" \
    -addext "subjectAltName=DNS:$HOST" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>"$WORK/openssl.log" \
    || fail "openssl could not make a certificate"
start "SMTP sink" "$WORK/smtp-sink.log" \
    .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
    -c aiosmtpd.handlers.Mailbox "$WORK/maildir"
SINK=$((${#PIDS[@]} - 1))

# --- README.md, "Running it for real", from here on -----------------------------------
STAFF_EMAIL=admin@example.org
STAFF_PASSWORD=$(openssl rand -hex 16)
export DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$(openssl rand -hex 32)" \
    ALLOWED_HOSTS="$HOST" SITE_URL="https://$HOST:$HTTPS_PORT" \
    DATABASE_URL="postgres://$PGUSER_@$PGHOST_:$PGPORT_/$DB" \
    CELERY_BROKER_URL="$REDIS/$BROKER_DB" CACHE_URL="$REDIS/$CACHE_DB" \
    EMAIL_HOST=127.0.0.1 EMAIL_PORT="$SMTP_PORT" EMAIL_USE_TLS=false
step "migrate" .venv/bin/python manage.py migrate
step "createcachetable" .venv/bin/python manage.py createcachetable
step "collectstatic" .venv/bin/python manage.py collectstatic --noinput
step "site_setup" .venv/bin/python manage.py site_setup --organisation "Smoke Test Health Research" \
    --contact-email involvement@example.org
STAFF_ACCOUNT_PASSWORD="$STAFF_PASSWORD" step "staff_account_create" \
    .venv/bin/python manage.py staff_account_create --admin --email "$STAFF_EMAIL" --name "Ada Admin"
step "opportunity_create" .venv/bin/python manage.py opportunity_create \
    --title "Help us test our new website" \
    --summary "Try our new website and tell us what is hard to use." \
    --what-involves "Sign up, answer a few questions and tell us what you think." \
    --dates "Any time in the next month" --payment-offer "£25 voucher" --places 3 \
    --closing-date "$(date -d '+30 days' +%F)"

say "gunicorn (HTTPS on port $HTTPS_PORT), Celery worker and Celery beat"
SERVICES_STARTED=$(date +%s)
start "gunicorn" "$WORK/gunicorn.log" \
    .venv/bin/gunicorn config.wsgi --workers 2 --bind "127.0.0.1:$HTTPS_PORT" \
    --certfile "$WORK/cert.pem" --keyfile "$WORK/key.pem"
GUNICORN=$((${#PIDS[@]} - 1))
start "Celery worker" "$WORK/worker.log" \
    .venv/bin/celery -A config worker --loglevel=INFO --concurrency 1
WORKER=$((${#PIDS[@]} - 1))
start "Celery beat" "$WORK/beat.log" .venv/bin/celery -A config beat
BEAT=$((${#PIDS[@]} - 1))
# --- end of the README's steps ---------------------------------------------------------

wait_for "SMTP sink listening" 30 "$SINK" port_open "$SMTP_PORT"
wait_for "gunicorn answering over HTTPS" 60 "$GUNICORN" \
    curl -s -o /dev/null --cacert "$WORK/cert.pem" "https://$HOST:$HTTPS_PORT/healthz"
wait_for "Celery worker ready" 60 "$WORKER" grep -q "ready\." "$WORK/worker.log"
wait_for "Celery beat started" 60 "$BEAT" grep -q "beat.*is starting" "$WORK/beat.log"

echo "   (all four answering $(($(date +%s) - SERVICES_STARTED)) s after starting)"

say "A new member and the first admin use the site over HTTPS"
SMOKE_STAFF_PASSWORD="$STAFF_PASSWORD" .venv/bin/python scripts/production_smoke.py \
    --base-url "https://$HOST:$HTTPS_PORT" --cafile "$WORK/cert.pem" \
    --maildir "$WORK/maildir" --worker-log "$WORK/worker.log" \
    --gunicorn-log "$WORK/gunicorn.log" --staff-email "$STAFF_EMAIL" \
    --opportunity "Help us test our new website" \
    || fail "the client's checks (above)"

for i in "$SINK" "$GUNICORN" "$WORKER" "$BEAT"; do
    alive "$i" || fail "${NAMES[$i]} stopped during the run"
done
OK=true
echo "Production smoke passed in $(($(date +%s) - STARTED)) s."
