#!/usr/bin/env bash
# Assertion benchmark: concord nlp assert beside medspaCy 1.3.1 on the NegEx sets (read in place).
# medspaCy goes into its own venv (.venv-nlp): its spaCy pins numpy 1.x, which would break the
# pixel oracles in .venv. Extra arguments go to evaluate.py (--repeat N, --show-errors).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${NLP_VENV:-.venv-nlp}
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
stamp="$VENV/.requirements-nlp.sha256"
want=$(sha256sum Benchmarks/Assertion/requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing medspaCy into $VENV" >&2
  "$VENV/bin/pip" install -q -r Benchmarks/Assertion/requirements.txt
  echo "$want" > "$stamp"
fi
swift build -c release --product concord >&2
"$VENV/bin/python" Benchmarks/Assertion/evaluate.py .build/release/concord --eval ../shared/eval/negex "$@"
