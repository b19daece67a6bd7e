#!/usr/bin/env bash
# `manage.py check --deploy` with production settings and throwaway secrets: must be clean.
set -euo pipefail
DJANGO_SETTINGS_MODULE=rose.config.settings.production \
DJANGO_SECRET_KEY="check-deploy-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres" \
REDIS_URL="redis://127.0.0.1:6379/0" ROSE_STUDY_ID_KEY="check-deploy" ROSE_SMS_PROVIDER="notify" \
DJANGO_ALLOWED_HOSTS="rose.example.nhs.uk" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
