# Concord — two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
VENV ?= .venv
CONCORD = .build/debug/concord

.PHONY: run test deps build test-unit test-differential test-pixels bench-read bench-decode fuzz clean bench-ingest test-store-differential

## Install what is missing, build, and dump the fixture studies.
run: deps build
	$(CONCORD) dump Fixtures/dicom/*.dcm

## Install what is missing, build, run unit tests and the differential tests against pydicom.
test: deps build test-unit test-differential test-pixels test-store-differential

deps:
	@bash scripts/install-deps.sh

build:
	$(SWIFT) build

test-unit:
	$(SWIFT) test

test-differential: build
	$(VENV)/bin/python Tests/Differential/pydicom_json.py $(CONCORD)

## What concord ingest files each pydicom test file under, against pydicom's reading of it.
test-store-differential: build
	$(VENV)/bin/python Tests/Differential/pydicom_store.py $(CONCORD)

## Decoded pixels of every pydicom test file and every fixture against pixel_array(raw=True).
test-pixels: build
	$(VENV)/bin/python Tests/Differential/pydicom_pixels.py $(CONCORD)

## The Annotations test files, regenerated (NIfTI expectations read by nibabel) and compared with the committed ones.
.PHONY: test-annotation-fixtures
test: test-annotation-fixtures
test-annotation-fixtures:
	rm -rf .build/annotation-fixtures
	$(VENV)/bin/python scripts/make-annotation-fixtures.py .build/annotation-fixtures
	diff -r .build/annotation-fixtures Tests/AnnotationsTests/Resources

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
.PHONY: bench-mask-rle
bench-mask-rle: deps
	VENV=$(VENV) bash Benchmarks/MaskRLE/run.sh

## A short libFuzzer run of the reader (FUZZ_SECONDS, default 60).
fuzz:
	bash scripts/fuzz-reader.sh

## A short libFuzzer run of the PNG and NIfTI mask readers (FUZZ_SECONDS, default 60).
.PHONY: fuzz-masks
fuzz-masks:
	bash scripts/fuzz-mask-files.sh

clean:
	rm -rf .build
