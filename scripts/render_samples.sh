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
rm -f "$register"
for type in $(.venv/bin/python -c "from docgen.samples import issue_order; print(*issue_order())"); do
  "$docgen" --config samples/docgen.toml issue "$type" "samples/$type.yaml" \
    --db "$register" --output-dir "$out/issued" --format pdf --format docx
done
"$docgen" register list --db "$register"
