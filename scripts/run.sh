#!/usr/bin/env bash
# Started by `make run`: one web process and one background worker, stopped together by Ctrl+C.
set -euo pipefail
export ROSE_DEMO=1 DJANGO_SETTINGS_MODULE=rose.config.settings.local
PY=.venv/bin/python
# GP letters go over MESH to NHS England's mesh-sandbox, a local MESH server: ROSE is mailbox X26ABC1
# and every practice's letters land in X26ABC2 (docs/letters.md).
MESH_PORT=${ROSE_MESH_SANDBOX_PORT:-8700}
STORE_MODE=memory $PY -m uvicorn mesh_sandbox.api:app --host 127.0.0.1 --port "$MESH_PORT" \
  --log-level warning >var/mesh.log 2>&1 &
MESH=$!
export ROSE_MESH_URL="http://127.0.0.1:$MESH_PORT" ROSE_MESH_MAILBOX_ID=X26ABC1 ROSE_MESH_PASSWORD=password \
  ROSE_MESH_SHARED_KEY=Banana ROSE_MESH_AUTOMATED_ROUTING=false ROSE_MESH_PRACTICE_MAILBOXES="*=X26ABC2"
$PY manage.py rose_worker --no-reload --interval 1 >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER $MESH 2>/dev/null || true' EXIT INT TERM
cat <<MSG

  ROSE is running at http://127.0.0.1:8000
  A background worker is running (log: var/worker.log).
  GP letters go to a local MESH server (mesh-sandbox on port $MESH_PORT, log: var/mesh.log).
MSG
$PY manage.py demo_data | sed -n '/Demo logins/,$p'
echo "  Text messages go to the phone simulator (sign in, then Inbox > Phone simulator)."
echo "  Press Ctrl+C to stop."
echo
exec $PY manage.py runserver 127.0.0.1:8000 --noreload
