#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Writes DICOM files (PS3.10) and bare data sets.
///
/// Target transfer syntaxes: Implicit VR Little Endian, Explicit VR Little Endian, Deflated
/// Explicit VR Little Endian, and the encapsulated (compressed) syntaxes, whose data set is
/// Explicit VR Little Endian with the pixel data already compressed. The writer never
/// transcodes pixel data: native pixel data cannot be written under a compressed syntax, nor
/// compressed pixel data under a native one. Big endian is retired and not written.
///
/// Reading a file and writing it back in its own explicit VR little endian syntax gives the
/// same bytes when the input used defined lengths, except where the reader normalised it: an
/// explicit UN the dictionary knows is read (and so written) with the dictionary's VR, and
/// odd-length values gain their padding byte.
///
/// ```swift
/// let file = try DICOMFile(path: "ct.dcm")
/// let writer = DICOMWriter()
/// try writer.write(file, to: "ct-implicit.dcm", transferSyntax: .implicitVRLittleEndian)
/// let bytes = try writer.write(file)                  // in the file's own syntax
/// let body = try writer.encode(file.dataSet, transferSyntax: .explicitVRLittleEndian)
/// ```
public struct DICOMWriter: Sendable {
    /// Concord's Implementation Class UID (0002,0012): a UUID-derived UID (PS3.5 B.2), so it
    /// needs no registered root.
    public static let implementationClassUID = "2.25.110259671135706705026427633092743571232"
    /// Concord's Implementation Version Name (0002,0013), at most 16 characters.
    public static let implementationVersionName = "CONCORD_0_1"

    public init() {}

    /// The Part 10 bytes of `file`: the 128-byte preamble (the file's own if it has one, else
    /// zeros), `DICM`, the File Meta Information group, then the data set in `transferSyntax`
    /// (by default the syntax the file was read with).
    ///
    /// The File Meta group is written as Explicit VR Little Endian with its group length
    /// recomputed and its Transfer Syntax UID set to the target syntax; Media Storage SOP Class
    /// and Instance UIDs are taken from the data set when the meta group lacks them, and
    /// Concord's Implementation Class UID and Version Name are added when it has none.
    ///
    /// ```swift
    /// let bytes = try DICOMWriter().write(file, transferSyntax: .explicitVRLittleEndian)
    /// ```
    ///
    /// - Throws: ``DICOMError/encoding(reason:)`` when the syntax cannot be written, a value does
    ///   not fit its VR's length field, the pixel data does not match the syntax, or the data
    ///   set has no SOP Class or Instance UID to name in the File Meta group.
    public func write(_ file: DICOMFile, transferSyntax: TransferSyntax? = nil) throws(DICOMError) -> [UInt8] {
        let syntax = Self.canonical(transferSyntax ?? file.transferSyntax)
        try DataSetEncoder.checkWritable(syntax)
        let meta = try fileMetaInformation(for: file, transferSyntax: syntax)

        var output: [UInt8] = []
        if let preamble = file.preamble, preamble.count == 128 {
            output.append(contentsOf: preamble.buffer)
        } else {
            output.append(contentsOf: repeatElement(0, count: 128))
        }
        output.append(contentsOf: Array("DICM".utf8))
        var metaEncoder = DataSetEncoder(syntax: .explicitVRLittleEndian)
        try metaEncoder.write(meta, isTopLevel: false)
        output.append(contentsOf: metaEncoder.bytes)
        output.append(contentsOf: try encode(file.dataSet, transferSyntax: syntax))
        return output
    }

    /// Writes `file` to `path` atomically: the bytes go to a temporary file in the same folder,
    /// which is flushed to disk and then renamed over `path`, so readers see the old file or
    /// the new one, never a partial one.
    ///
    /// ```swift
    /// try DICOMWriter().write(file, to: "/data/out.dcm", transferSyntax: .implicitVRLittleEndian)
    /// ```
    ///
    /// - Throws: what ``write(_:transferSyntax:)`` throws, and ``DICOMError/io(path:reason:)``
    ///   when the file cannot be created, written or renamed.
    public func write(_ file: DICOMFile, to path: String, transferSyntax: TransferSyntax? = nil) throws(DICOMError) {
        let bytes = try write(file, transferSyntax: transferSyntax)
        try Self.writeAtomically(bytes, to: path)
    }

    /// The bytes of a bare data set (no preamble, no File Meta) in `transferSyntax`; deflated
    /// for the Deflated syntax.
    ///
    /// ```swift
    /// let body = try DICOMWriter().encode(dataSet, transferSyntax: .implicitVRLittleEndian)
    /// ```
    ///
    /// - Throws: ``DICOMError/encoding(reason:)`` as ``write(_:transferSyntax:)`` does.
    public func encode(_ dataSet: DataSet, transferSyntax: TransferSyntax) throws(DICOMError) -> [UInt8] {
        let syntax = Self.canonical(transferSyntax)
        try DataSetEncoder.checkWritable(syntax)
        var encoder = DataSetEncoder(syntax: syntax)
        try encoder.write(dataSet, isTopLevel: true)
        guard syntax.isDeflated else { return encoder.bytes }
        var deflated = try deflateRaw(encoder.bytes)
        // The deflated stream is padded to even length like any DICOM value (PS3.5 A.5).
        if deflated.count & 1 == 1 { deflated.append(0) }
        return deflated
    }

    /// The File Meta Information group that ``write(_:transferSyntax:)`` writes for `file`.
    ///
    /// ```swift
    /// let meta = try DICOMWriter().fileMetaInformation(for: file, transferSyntax: .explicitVRLittleEndian)
    /// meta.string(.transferSyntaxUID)     // "1.2.840.10008.1.2.1"
    /// ```
    public func fileMetaInformation(for file: DICOMFile, transferSyntax: TransferSyntax) throws(DICOMError) -> DataSet {
        var meta = DataSet(elements: file.fileMetaInformation.elements.filter { $0.tag.group == 0x0002 })
        // A placeholder until the group is encoded below (the encoder recomputes it anyway).
        meta.set(Self.element(.fileMetaInformationGroupLength, .UL, [0, 0, 0, 0]))
        if !meta.contains(Self.fileMetaInformationVersion) {
            meta.set(Self.element(Self.fileMetaInformationVersion, .OB, [0x00, 0x01]))
        }
        for (metaTag, dataSetTag, name) in [(Self.mediaStorageSOPClassUID, Self.sopClassUID, "SOP Class UID"),
                                            (Self.mediaStorageSOPInstanceUID, Self.sopInstanceUID, "SOP Instance UID")]
            where meta.string(metaTag)?.isEmpty ?? true {
            if let uid = file.dataSet.string(dataSetTag), !uid.isEmpty {
                meta.set(Self.uidElement(metaTag, uid))
            } else if !meta.contains(metaTag) {
                // Type 1 in the File Meta group (PS3.10 7.1). DCMTK invents UIDs here; making
                // up an identity for someone else's object is not the writer's call.
                throw .encoding(reason: "the File Meta group needs \(metaTag), but the data set has no \(name) \(dataSetTag) to take it from")
            }
            // Present but empty, with nothing better in the data set: kept as the input had it.
        }
        meta.set(Self.uidElement(.transferSyntaxUID, transferSyntax.uid))
        if !meta.contains(Self.implementationClassUIDTag) {
            // A version name only means something next to its own class UID, so both are
            // replaced together.
            meta.set(Self.uidElement(Self.implementationClassUIDTag, Self.implementationClassUID))
            meta.set(Self.element(Self.implementationVersionNameTag, .SH,
                                  DataSetEncoder.padded(Array(Self.implementationVersionName.utf8), vr: .SH)))
        }
        // The group length counts the bytes after its own 12-byte element.
        var encoder = DataSetEncoder(syntax: .explicitVRLittleEndian)
        try encoder.write(meta, isTopLevel: false)
        let groupLength = UInt32(truncatingIfNeeded: encoder.bytes.count - 12)
        meta.set(Self.element(.fileMetaInformationGroupLength, .UL, withUnsafeBytes(of: groupLength.littleEndian, Array.init)))
        return meta
    }

    // MARK: - Helpers

    private static let fileMetaInformationVersion = Tag(0x0002, 0x0001)
    private static let mediaStorageSOPClassUID = Tag(0x0002, 0x0002)
    private static let mediaStorageSOPInstanceUID = Tag(0x0002, 0x0003)
    private static let implementationClassUIDTag = Tag(0x0002, 0x0012)
    private static let implementationVersionNameTag = Tag(0x0002, 0x0013)
    private static let sopClassUID = Tag(0x0008, 0x0016)
    private static let sopInstanceUID = Tag(0x0008, 0x0018)

    private static func element(_ tag: Tag, _ vr: VR, _ bytes: [UInt8]) -> DataElement {
        DataElement(tag: tag, vr: vr, value: .bytes(ByteSlice(copying: bytes)))
    }

    private static func uidElement(_ tag: Tag, _ uid: String) -> DataElement {
        element(tag, .UI, DataSetEncoder.padded(Array(uid.utf8), vr: .UI))
    }

    /// The reader may describe a mislabelled file with flags that differ from its UID (say, an
    /// "explicit" UID whose bytes were implicit). The output follows the UID, so the file it
    /// writes says what it is.
    private static func canonical(_ syntax: TransferSyntax) -> TransferSyntax {
        TransferSyntax(uid: syntax.uid)
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DICOMError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot create \(temporary): \(Self.lastError())") }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count, let base = buffer.baseAddress {
                let n = posixWrite(fd, base + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write: \(Self.lastError())"
                    return
                }
                written += n
            }
        }
        // Flush before the rename, or a crash could leave the new name on empty content.
        if failure == nil, fsync(fd) != 0 { failure = "cannot flush: \(Self.lastError())" }
        if close(fd) != 0, failure == nil { failure = "cannot close: \(Self.lastError())" }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename into place: \(Self.lastError())" }
        if let failure {
            unlink(temporary)
            throw .io(path: path, reason: failure)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// POSIX `write(2)`, named apart from the writer's own `write` methods.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}

/// Compresses `input` as a raw deflate stream (RFC 1951, no zlib header), as the Deflated
/// Explicit VR Little Endian syntax stores its data set (PS3.5 A.5).
func deflateRaw(_ input: [UInt8]) throws(DICOMError) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                        ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw .encoding(reason: "zlib could not start deflating")
    }
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var status: Int32 = Z_OK
    // zlib counts input in 32 bits; a data set this large is better split than deflated.
    guard input.count <= Int(UInt32.max) else {
        throw .encoding(reason: "data set of \(input.count) bytes is too large to deflate in one stream")
    }
    input.withUnsafeBytes { source in
        stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(source.count)
        repeat {
            status = chunk.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                return deflate(&stream, Z_FINISH)
            }
            output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
        } while status == Z_OK
    }
    guard status == Z_STREAM_END else { throw .encoding(reason: "zlib failed while deflating (status \(status))") }
    return output
}
