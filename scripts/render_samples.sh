#!/usr/bin/env bash
# Renders every bundled sample as a draft, in every format and locale, into OUT (default out/).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
mkdir -p "$out"
docgen=.venv/bin/docgen
for type in $("$docgen" types | cut -f1); do
  for locale in zh_CN en_US zh_TW; do
    for fmt in docx html pdf; do
      "$docgen" --config samples/docgen.toml render "$type" "samples/$type.yaml" \
        --format "$fmt" --locale "$locale" --output "$out/$type.$locale.$fmt" --force
    done
  done
done
