#!/usr/bin/env bash
# Install what the web tests need on a fresh Debian machine (idempotent; run as root):
#   - PostgreSQL server binaries: tests/store/test_web_store.py starts its own throwaway cluster
#     (initdb + pg_ctl on a free loopback port, as the 'postgres' user when run as root);
#     no system service is started or needed.
#   - Debian's Chromium: tests/apps/web/test_web_e2e*.py drive /usr/bin/chromium through the
#     playwright package, which scripts/test.sh installs with the 'test' extra. No browser is
#     downloaded (never run `playwright install`).
# Fails when Chromium is still missing afterwards: CI requires the browser tests to run.
set -euo pipefail

need_apt=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need_apt+=(postgresql)
command -v chromium > /dev/null || need_apt+=(chromium)
if ((${#need_apt[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v chromium > /dev/null; then
    echo "ci-services: chromium is not installed; the browser tests cannot run" >&2
    exit 1
fi
echo "ci-services: postgres $(ls -d /usr/lib/postgresql/*/bin | head -1), $(chromium --version 2>/dev/null)"
