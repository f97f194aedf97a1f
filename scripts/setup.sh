#!/usr/bin/env bash
# One-time (and idempotent) set-up of a fresh Debian machine: system packages
# for Chinese fonts, PDF export and PDF checks, then a virtual environment with
# planeval installed in editable mode with its test and Dask extras. Sourced by
# run-all.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PLANEVAL_VENV:-$root/.venv}"

apt_packages=(fonts-noto-cjk chromium poppler-utils libreoffice-writer libreoffice-calc)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "planeval setup: installing ${missing[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "planeval setup: please install these system packages (as root): ${missing[*]}" >&2
    echo "  e.g. sudo apt-get install ${missing[*]}" >&2
    echo "  Without them Chinese charts lack fonts and PDF export cannot run." >&2
  fi
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "planeval setup: creating virtual environment $venv"
  python3 -m venv "$venv"
fi
# Reinstall only when the dependency list changed.
stamp="$venv/.planeval-installed"
want="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "planeval setup: installing Python packages"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e "$root[test,dask]"
  echo "$want" > "$stamp"
fi
export PATH="$venv/bin:$PATH"
