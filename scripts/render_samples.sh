#!/usr/bin/env bash
# Renders every bundled sample, in every format and locale its templates cover, into OUT (default out/).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
mkdir -p "$out"
docgen=.venv/bin/docgen
for type in $("$docgen" types | cut -f1); do
  for fmt in docx html pdf; do
    "$docgen" --config samples/docgen.toml render "$type" "samples/$type.yaml" \
      --format "$fmt" --locale zh_CN --output "$out/$type.zh_CN.$fmt" --force
  done
done
