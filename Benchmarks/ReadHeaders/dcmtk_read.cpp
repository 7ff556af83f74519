// DCMTK side of the ReadHeaders benchmark (see Benchmarks/README.md).
//
//   dcmtk_read [--full] --repeat N (--list FILE | PATH...)
//
// Reads every file's header with DcmFileFormat::loadFileUntilTag(..., DCM_PixelData)
// (or the whole file with loadFile when --full is given), touches the same values as the
// Concord and pydicom readers (Patient's Name family name, Study Instance UID, Rows, Slice
// Thickness as a DS number, the count of top-level data set elements) and prints one JSON line.
// One untimed warm-up pass runs first; the timed part is `repeat` passes over all files,
// single-threaded.
//
// Built by run.sh:  g++ -O2 -I/usr/include/dcmtk dcmtk_read.cpp -ldcmdata -loflog -lofstd

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/oflog/oflog.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Totals {
    long files = 0;
    long elements = 0;
    long nameChars = 0;
    long uidChars = 0;
    long rows = 0;
    double ds = 0;
    long failures = 0;
};

void readOne(const std::string &path, bool full, Totals &t) {
    DcmFileFormat ff;
    OFCondition status = full
        ? ff.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect)
        : ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect,
                              DCM_PixelData);
    if (status.bad()) {
        std::fprintf(stderr, "dcmtk_read: %s: %s\n", path.c_str(), status.text());
        t.failures++;
        return;
    }
    DcmDataset *ds = ff.getDataset();
    t.files++;
    t.elements += static_cast<long>(ds->card());

    OFString name;
    if (ds->findAndGetOFString(DCM_PatientName, name).good()) {
        // Family name: the first component of the alphabetic group.
        OFString family, given, middle, prefix, suffix;
        if (DcmPersonName::getNameComponentsFromString(name, family, given, middle, prefix, suffix).good())
            t.nameChars += static_cast<long>(family.length());
    }
    OFString uid;
    if (ds->findAndGetOFString(DCM_StudyInstanceUID, uid).good()) t.uidChars += static_cast<long>(uid.length());
    Uint16 rows = 0;
    if (ds->findAndGetUint16(DCM_Rows, rows).good()) t.rows += rows;
    Float64 thickness = 0;
    if (ds->findAndGetFloat64(DCM_SliceThickness, thickness).good()) t.ds += thickness;
}

}  // namespace

int main(int argc, char **argv) {
    OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
    long repeat = 1;
    bool full = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--repeat" && i + 1 < argc) {
            repeat = std::atol(argv[++i]);
        } else if (a == "--full") {
            full = true;
        } else if (a == "--list" && i + 1 < argc) {
            std::ifstream in(argv[++i]);
            std::string line;
            while (std::getline(in, line)) if (!line.empty()) files.push_back(line);
        } else {
            files.push_back(a);
        }
    }
    if (files.empty() || repeat < 1) {
        std::fprintf(stderr, "usage: dcmtk_read [--full] --repeat N (--list FILE | PATH...)\n");
        return 2;
    }
    if (!dcmDataDict.isDictionaryLoaded()) {
        std::fprintf(stderr, "dcmtk_read: no data dictionary loaded (set DCMDICTPATH)\n");
        return 2;
    }

    Totals warm;
    for (const auto &f : files) readOne(f, full, warm);
    if (warm.failures > 0) return 1;

    Totals t;
    timespec cpu0{}, cpu1{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    auto start = std::chrono::steady_clock::now();
    for (long r = 0; r < repeat; r++)
        for (const auto &f : files) readOne(f, full, t);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    double cpu = (cpu1.tv_sec - cpu0.tv_sec) + (cpu1.tv_nsec - cpu0.tv_nsec) * 1e-9;

    long reads = static_cast<long>(files.size()) * repeat;
    std::printf("{\"reader\":\"dcmtk\",\"mode\":\"%s\",\"files\":%zu,\"repeat\":%ld,\"threads\":1,"
                "\"elapsed_s\":%.6f,\"cpu_s\":%.6f,\"files_per_s\":%.1f,\"us_per_file\":%.3f,"
                "\"elements\":%ld,\"name_chars\":%ld,\"uid_chars\":%ld,\"rows\":%ld,\"ds_sum\":%.4f}\n",
                full ? "full" : "header", files.size(), repeat, elapsed, cpu, reads / elapsed, elapsed / reads * 1e6,
                warm.elements, warm.nameChars, warm.uidChars, warm.rows, warm.ds);
    return t.failures == 0 ? 0 : 1;
}
