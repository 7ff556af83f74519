// DCMTK side of the DecodePixels benchmark (see Benchmarks/README.md).
//
//   dcmtk_decode [--passes P] FILE
//
// One pass: DcmFileFormat::loadFile, then DcmDataset::chooseRepresentation(EXS_LittleEndianExplicit)
// — what dcmdrle / dcmdjpeg / dcmdjpls do — which decodes every frame into one uncompressed Pixel
// Data value, then findAndGetUint16Array. Decoders registered: RLE (DcmRLEDecoderRegistration),
// JPEG incl. lossless SV1 (DJDecoderRegistration, IJG 8/12/16-bit), JPEG-LS (DJLSDecoderRegistration,
// DCMTK's CharLS fork). DCMTK has no JPEG 2000 / HTJ2K decoder. Single-threaded.
//
// One untimed warm-up pass, then P timed passes (default 3); prints one JSON line with the best
// pass in ms per frame, the mean, CPU seconds of the timed passes and the checksum (sum over frames
// f of (f + 1) x (the sum of frame f's 16-bit stored values)). The checksum and freeing the data
// set are not timed.
//
// Built by run.sh:
//   g++ -O2 -I/usr/include/dcmtk dcmtk_decode.cpp -ldcmjpls -ldcmjpeg -ldcmimgle -ldcmdata -loflog -lofstd

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpuSeconds() {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

[[noreturn]] void fail(const std::string &message) {
    std::fprintf(stderr, "dcmtk_decode: %s\n", message.c_str());
    std::exit(1);
}

struct Result {
    DcmFileFormat *file = nullptr;
    const Uint16 *pixels = nullptr;
    unsigned long count = 0;
    long frames = 0;
};

Result decode(const char *path) {
    Result r;
    r.file = new DcmFileFormat();
    OFCondition status = r.file->loadFile(path);
    if (status.bad()) fail(std::string(path) + ": " + status.text());
    DcmDataset *ds = r.file->getDataset();
    status = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (status.bad()) fail(std::string("chooseRepresentation: ") + status.text());
    if (!ds->canWriteXfer(EXS_LittleEndianExplicit)) fail("the data set could not be decoded (no decoder?)");
    status = ds->findAndGetUint16Array(DCM_PixelData, r.pixels, &r.count);
    if (status.bad() || r.pixels == nullptr) fail(std::string("no decoded Pixel Data: ") + status.text());
    Sint32 frames = 1;
    ds->findAndGetSint32(DCM_NumberOfFrames, frames);
    r.frames = frames;
    return r;
}

uint64_t checksum(const Result &r) {
    uint64_t total = 0;
    const unsigned long perFrame = r.count / std::max(1L, r.frames);
    for (long f = 0; f < r.frames; f++) {
        uint64_t sum = 0;
        const Uint16 *p = r.pixels + f * perFrame;
        for (unsigned long i = 0; i < perFrame; i++) sum += p[i];
        total += uint64_t(f + 1) * sum;
    }
    return total;
}

}  // namespace

int main(int argc, char **argv) {
    int passes = 3;
    const char *path = nullptr;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--passes") == 0 && i + 1 < argc) passes = std::atoi(argv[++i]);
        else path = argv[i];
    }
    if (path == nullptr || passes < 1) fail("usage: dcmtk_decode [--passes P] FILE");
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);

    DcmRLEDecoderRegistration::registerCodecs();
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();

    {   // warm-up
        Result r = decode(path);
        delete r.file;
    }
    std::vector<double> times;
    std::vector<uint64_t> sums;
    double cpu = 0;
    long frames = 0;
    for (int p = 0; p < passes; p++) {
        double t0 = now(), c0 = cpuSeconds();
        Result r = decode(path);
        times.push_back(now() - t0);
        cpu += cpuSeconds() - c0;
        sums.push_back(checksum(r));
        frames = r.frames;
        delete r.file;
    }
    for (uint64_t s : sums)
        if (s != sums[0]) fail("the passes disagree on the checksum");

    E_TransferSyntax xfer = EXS_Unknown;
    {
        DcmFileFormat ff;
        if (ff.loadFile(path, EXS_Unknown, EGL_noChange, 256).good()) xfer = ff.getDataset()->getOriginalXfer();
    }
    double best = *std::min_element(times.begin(), times.end());
    double sum = 0;
    for (double t : times) sum += t;
    std::printf("{\"tool\":\"dcmtk\",\"mode\":\"sequential\",\"threads\":1,\"syntax\":\"%s\",\"frames\":%ld,"
                "\"passes\":%d,\"best_ms_per_frame\":%.6f,\"mean_ms_per_frame\":%.6f,\"wall_s\":%.6f,"
                "\"cpu_s\":%.6f,\"checksum\":%llu,\"version\":\"%s\"}\n",
                DcmXfer(xfer).getXferID(), frames, passes, best * 1000 / frames, sum / times.size() * 1000 / frames,
                sum, cpu, (unsigned long long)sums[0], OFFIS_DCMTK_VERSION_STRING);
    DJLSDecoderRegistration::cleanup();
    DJDecoderRegistration::cleanup();
    DcmRLEDecoderRegistration::cleanup();
    return 0;
}
