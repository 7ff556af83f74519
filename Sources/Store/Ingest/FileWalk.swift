#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regular files named by, or found below, a list of paths — what `concord ingest` reads.
///
/// Written on `opendir`/`readdir` because the directory entry's type answers "file or folder?"
/// without a `stat` per file; Foundation's enumerator also looked up each file's owner and
/// extended attributes, which cost more than parsing the file.
///
/// ```swift
/// let walk = FileWalk(paths: ["incoming/", "extra.dcm"])
/// walk.files     // every regular file, sorted within each named folder
/// walk.missing   // the paths that do not exist or cannot be read, with the reason
/// ```
struct FileWalk {
    /// Regular files in order: each path's files sorted by path, paths in the order given.
    private(set) var files: [String] = []
    /// Paths that do not exist, and folders that cannot be read.
    private(set) var missing: [IngestRejection] = []

    /// Walks `paths`. Hidden files and folders (names starting with `.`) inside a folder are
    /// skipped; symbolic links to files are followed, links to folders are not (no cycles).
    init(paths: [String]) {
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                missing.append(IngestRejection(path: path, reason: "no such file or folder"))
                continue
            }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                files.append(path)
                continue
            }
            var found: [String] = []
            collect(folder: path, into: &found)
            files += found.sorted()
        }
    }

    private mutating func collect(folder: String, into found: inout [String]) {
        guard let directory = opendir(folder) else {
            missing.append(IngestRejection(path: folder, reason: "folder cannot be read"))
            return
        }
        defer { closedir(directory) }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let path = prefix + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG):
                found.append(path)
            case Int32(DT_DIR):
                collect(folder: path, into: &found)
            default:
                // A link or a file system that leaves the type unknown: ask stat, which follows links.
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                let kind = status.st_mode & S_IFMT
                if kind == S_IFREG {
                    found.append(path)
                } else if kind == S_IFDIR, Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    collect(folder: path, into: &found)
                }
            }
        }
    }
}
