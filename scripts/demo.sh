#!/usr/bin/env bash
# `make run`: a short tour on the embedded default (./.concord) — ingest the fixture studies,
# attach a synthetic report, draw a region, record a finding, let the report reader suggest
# the text that describes it and accept the best suggestion, then list everything and verify
# the audit log that recorded each step.
set -euo pipefail
cd "$(dirname "$0")/.."
CONCORD=${1:-.build/debug/concord}
DATA=${CONCORD_DATA:-.concord}
step() { printf '\n== %s\n' "$*"; }
json_field() { grep -o "\"$1\" : \"[^\"]*\"" | head -1 | sed 's/.*: "\(.*\)"/\1/'; }

# Fixtures/dicom holds one MR slice in four transfer syntaxes under one SOP Instance UID (and
# Fixtures/pixels does the same for every codec): ingesting more than one of each would be
# reported as conflicts, so the tour takes one file per instance. The first store command on
# a new data directory creates its audit key file and says so on stderr.
step "ingest one file per fixture instance"
"$CONCORD" ingest --data "$DATA" --quiet \
    Fixtures/dicom/ct_explicit_le.dcm Fixtures/dicom/mr_implicit_le.dcm Fixtures/dicom/nested_sequences.dcm \
    Fixtures/dicom/private_tags.dcm Fixtures/dicom/sc_rgb_utf8.dcm Fixtures/dicom/sr_utf8.dcm
"$CONCORD" study list --data "$DATA"

STUDY=2.25.299792458314159265358979323846.1
CT=$("$CONCORD" study show --data "$DATA" --json "$STUDY" | json_field sopInstanceUID)

step "attach the report to the CT study (accession ACC1)"
DOCUMENT=$("$CONCORD" document add --data "$DATA" --study ACC1 --title "CT chest" --json Fixtures/reports/ct-chest-acc1.txt \
    | grep -o '"id" : [0-9]*' | head -1 | sed 's/.*: //')
echo "document $DOCUMENT"
"$CONCORD" nlp --data "$DATA" --document "$DOCUMENT"

step "draw the nodule (an 8 mm circle at 2.5 mm pixels) and record the finding"
REGION=$("$CONCORD" annotate add --data "$DATA" --author demo-radiologist --instance "$CT" \
    --ellipse 32,32,1.6,1.6 --concept SCT:27925004 --json | json_field annotationID)
FINDING=$("$CONCORD" finding add --data "$DATA" --author demo-radiologist --study "$STUDY" --concept SCT:27925004 \
    --laterality SCT:24028007 --location SCT:45653009 --region "$REGION" --json | json_field annotationID)

step "suggest the report text that describes the finding, and accept the best"
"$CONCORD" finding suggest --data "$DATA" --finding "$FINDING" --document "$DOCUMENT" --accept 1 --author demo-radiologist

step "the study's findings and links"
"$CONCORD" finding list --data "$DATA" --study "$STUDY"

step "who did what: the audit log"
"$CONCORD" audit query --data "$DATA" --object "$FINDING"
"$CONCORD" audit verify --data "$DATA"
