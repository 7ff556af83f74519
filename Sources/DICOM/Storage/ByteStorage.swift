#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Immutable bytes that element values point into: a memory-mapped file or an owned buffer.
///
/// Values are never copied out of the storage until a caller asks for them, so opening a
/// 50 MB multi-frame file costs about as much as opening a small one.
public final class ByteStorage: @unchecked Sendable {
    /// The bytes. Valid for the lifetime of the storage; never mutated.
    public let bytes: UnsafeRawBufferPointer
    private let ownership: Ownership

    /// Who frees the bytes.
    private enum Ownership {
        case allocated(UnsafeMutableRawBufferPointer)
        case mapped
    }

    private init(bytes: UnsafeRawBufferPointer, ownership: Ownership) {
        self.bytes = bytes
        self.ownership = ownership
    }

    deinit {
        switch ownership {
        case let .allocated(buffer): buffer.deallocate()
        case .mapped: munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        }
    }

    public var count: Int { bytes.count }

    /// Copies `bytes` into storage the instance owns.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        self.init(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]), ownership: .allocated(buffer))
    }

    /// Maps the file at `path` read-only. Empty files get an empty owned buffer.
    public static func mapping(path: String) throws(DICOMError) -> ByteStorage {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .io(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        if size == 0 { return ByteStorage(copying: [UInt8]()) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        return ByteStorage(bytes: UnsafeRawBufferPointer(start: address, count: size), ownership: .mapped)
    }
}

extension ByteStorage {
    /// The first `length` bytes of the file at `path`, read with one `pread`; nil when the
    /// file is not longer than that, or is not a readable file (the caller then maps the
    /// whole file, which reports any error).
    static func prefix(path: String, length: Int) throws(DICOMError) -> ByteStorage? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // One byte more than the prefix tells whether the file is longer, without an fstat.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: length + 1, alignment: 16)
        guard let base = buffer.baseAddress else { buffer.deallocate(); return nil }
        var done = 0
        while done <= length {
            let n = pread(fd, base + done, length + 1 - done, off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { buffer.deallocate(); return nil }
            done += n
        }
        return ByteStorage(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<length]), ownership: .allocated(buffer))
    }
}

/// A range of bytes inside a ``ByteStorage``: the undecoded value of one element.
public struct ByteSlice: Sendable, RandomAccessCollection {
    public let storage: ByteStorage
    public let range: Range<Int>

    public init(storage: ByteStorage, range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// A slice owning a copy of `bytes`, for values built in memory.
    public init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let storage = ByteStorage(copying: bytes)
        self.init(storage: storage, range: 0..<storage.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { range.count }
    @inlinable public subscript(position: Int) -> UInt8 { storage.bytes[range.lowerBound + position] }

    /// The bytes without copying; valid while this slice is alive.
    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage.bytes[range]) }

    /// A copy of the bytes.
    public var array: [UInt8] { Array(buffer) }
    public var data: Data { Data(buffer) }

    /// The sub-range `r` (0-based, relative to this slice).
    public func slice(_ r: Range<Int>) -> ByteSlice {
        ByteSlice(storage: storage, range: (range.lowerBound + r.lowerBound)..<(range.lowerBound + r.upperBound))
    }
}
