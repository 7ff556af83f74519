#!/bin/sh
# Regenerates the writer test files from writer-test.dump with DCMTK's dump2dcm.
set -e
cd "$(dirname "$0")"
dump2dcm -q +te writer-test.dump explicit-le.dcm
dump2dcm -q +te +g writer-test.dump explicit-le-group-lengths.dcm
dump2dcm -q +te -e writer-test.dump explicit-le-undefined-lengths.dcm
dump2dcm -q +tb writer-test.dump explicit-be.dcm
dump2dcm -q +ti writer-test.dump implicit-le.dcm
