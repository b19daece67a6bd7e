#!/usr/bin/env bash
# Started by `make run`: one web process and one background worker, stopped together by Ctrl+C.
set -euo pipefail
export ROSE_DEMO=1 DJANGO_SETTINGS_MODULE=rose.config.settings.local
PY=.venv/bin/python
$PY manage.py rose_worker --no-reload --interval 1 >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
cat <<MSG

  ROSE is running at http://127.0.0.1:8000
  A background worker is running (log: var/worker.log).
MSG
$PY manage.py demo_data | sed -n '/Demo logins/,$p'
echo "  Text messages go to the phone simulator (sign in, then Inbox > Phone simulator)."
echo "  Press Ctrl+C to stop."
echo
exec $PY manage.py runserver 127.0.0.1:8000 --noreload
