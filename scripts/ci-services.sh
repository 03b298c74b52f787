#!/usr/bin/env bash
# Install what the web tests need on a fresh Debian machine (idempotent; run as root):
#   - PostgreSQL server binaries: tests/test_web_store.py starts its own throwaway cluster
#     (initdb + pg_ctl on a free loopback port, as the 'postgres' user when run as root);
#     no system service is started or needed.
#   - Debian's Chromium and the playwright Python package: tests/test_web_e2e.py drives
#     /usr/bin/chromium. No browser is downloaded (never run `playwright install`).
#   - fastapi-offline: serves /docs (Swagger UI) from local files instead of a CDN.
set -euo pipefail

need_apt=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need_apt+=(postgresql)
command -v chromium > /dev/null || need_apt+=(chromium)
if ((${#need_apt[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

python3 - <<'PY' || python3 -m pip install -q "playwright>=1.40" "fastapi-offline>=1.7"
import importlib.util, sys
sys.exit(0 if all(importlib.util.find_spec(m) for m in ("playwright", "fastapi_offline")) else 1)
PY

echo "ci-services: postgres $(ls -d /usr/lib/postgresql/*/bin | head -1), $(chromium --version 2>/dev/null || echo 'no chromium'), playwright $(python3 -c 'import importlib.metadata as m; print(m.version("playwright"))')"
