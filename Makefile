# Concord — two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
VENV ?= .venv
CONCORD = .build/debug/concord

.PHONY: run test deps build clean \
	test-unit test-differential test-store-differential test-pixels test-annotation-fixtures \
	test-ontologies test-nlp test-audit-cli \
	bench-read bench-decode bench-ingest bench-mask-rle bench-nlp bench-audit \
	fuzz fuzz-masks \
	fuzz-codecs

## Install what is missing, build, and run the main job on the fixture studies.
run: deps build
	bash scripts/demo.sh $(CONCORD)

## Install what is missing, build, run unit tests and every differential and end-to-end check.
test: deps build test-unit test-differential test-store-differential test-pixels \
	test-annotation-fixtures test-ontologies test-nlp test-audit-cli

deps:
	@bash scripts/install-deps.sh

build:
	$(SWIFT) build

clean:
	rm -rf .build

test-unit:
	$(SWIFT) test

## DICOM JSON of every pydicom test file against pydicom.
test-differential: build
	$(VENV)/bin/python Tests/Differential/pydicom_json.py $(CONCORD)

## What concord ingest files each pydicom test file under, against pydicom's reading of it.
test-store-differential: build
	$(VENV)/bin/python Tests/Differential/pydicom_store.py $(CONCORD)

## Decoded pixels of every pydicom test file and every fixture against pixel_array(raw=True).
test-pixels: build
	$(VENV)/bin/python Tests/Differential/pydicom_pixels.py $(CONCORD)

## The Annotations test files, regenerated (NIfTI expectations read by nibabel) and compared with the committed ones.
test-annotation-fixtures: deps
	rm -rf .build/annotation-fixtures
	$(VENV)/bin/python scripts/make-annotation-fixtures.py .build/annotation-fixtures
	diff -r .build/annotation-fixtures Tests/AnnotationsTests/Resources

## Ontologies/: every shipped code checked against pydicom's DICOM tables.
test-ontologies: deps
	$(VENV)/bin/python Tests/Differential/ontology_codes.py Ontologies

## concord nlp offsets against Python's str indexing, determinism, bad input.
test-nlp: build
	$(VENV)/bin/python Tests/Differential/nlp_offsets.py $(CONCORD)

## Audit log CLI end to end: keys, checkpoints, third-party proofs, tampering, wrong keys.
test-audit-cli: build
	bash Tests/AuditCLI/audit_cli.sh $(CONCORD) .build/debug/concord-audit-crash-writer

## Header-reading benchmark against DCMTK and pydicom.
bench-read: deps
	bash Benchmarks/ReadHeaders/run.sh

## Pixel-decoding benchmark against DCMTK, pydicom and CharLS/OpenJPEG called directly.
bench-decode: deps
	PYTHON=$(VENV)/bin/python bash Benchmarks/DecodePixels/run.sh

## Ingest against Orthanc (REST, parallel clients), then 100,000 regions and one frame's query.
bench-ingest:
	@CONCORD_BENCH=1 bash scripts/install-deps.sh
	VENV=$(VENV) bash Benchmarks/Ingest/run.sh

## Binary-mask RLE encode/decode against pycocotools.
bench-mask-rle: deps
	VENV=$(VENV) bash Benchmarks/MaskRLE/run.sh

## Assertion benchmark: concord nlp assert beside medspaCy 1.3.1 on ../shared/eval/negex.
bench-nlp:
	bash Benchmarks/Assertion/run.sh

## Audit log benchmark: durable appends beside plain SQLite, verification and proofs at 1M entries.
bench-audit:
	bash Benchmarks/Audit/run.sh

## A short libFuzzer run of the reader (FUZZ_SECONDS, default 60).
fuzz:
	bash scripts/fuzz-reader.sh

## A short libFuzzer run of the PNG and NIfTI mask readers (FUZZ_SECONDS, default 60).
fuzz-masks:
	bash scripts/fuzz-mask-files.sh

## A short libFuzzer run of the pixel codecs: RLE, JPEG Lossless, JPEG-LS, HTJ2K (FUZZ_SECONDS, default 60).
fuzz-codecs:
	bash scripts/fuzz-codecs.sh
