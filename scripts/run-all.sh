#!/usr/bin/env bash
# Main job: set up if needed, then validate every sample plan and build every
# report, the peer comparison and outputs/index.html.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$root"
planeval validate --all
planeval batch --all "$@"
