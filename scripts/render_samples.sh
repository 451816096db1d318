#!/usr/bin/env bash
# Renders every bundled sample as a draft, in every format and locale, into OUT (default out/); then issues
# the samples, cited documents first, into a scratch register OUT/register.sqlite, with files in OUT/issued/.
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

# The samples form one chain (proposal → contract → settlement and retrospective): a fresh register
# numbers them as they cite each other.
register="$out/register.sqlite"
rm -rf "$register" "$out/issued"
numbers=()
for type in $(.venv/bin/python -c "from docgen.samples import issue_order; print(*issue_order())"); do
  issued=$("$docgen" --config samples/docgen.toml issue "$type" "samples/$type.yaml" \
    --db "$register" --output-dir "$out/issued" --format pdf --format docx)
  echo "$issued"
  numbers+=("${issued%%$'\t'*}")
done
"$docgen" register list --db "$register"
# Show each chain once, from its first document: a number that cites nothing and that others cite.
for number in "${numbers[@]}"; do
  if "$docgen" register show "$number" --db "$register" --json | .venv/bin/python -c \
    'import json, sys; [root] = json.load(sys.stdin)["chain"]; sys.exit(not (root["this"] and root["cited_by"]))'; then
    "$docgen" register show "$number" --db "$register"
  fi
done
