import Foundation

/// Walks files and folders, parses the DICOM headers in parallel and stores the instances in
/// batches, tallying what happened to every file.
///
/// ```swift
/// let summary = try Ingestor(store: store).ingest(paths: ["incoming/"]) { progress in
///     print("\(progress.filesDone)/\(progress.filesTotal)")
/// }
/// print(summary.ingested, summary.alreadyPresent, summary.conflicts.count, summary.rejected.count)
/// ```
public struct Ingestor: Sendable {
    public let store: any ImageStore
    /// How many files are parsed side by side and then stored in one transaction.
    public var batchSize: Int
    /// Told about each batch with at least one candidate before it is written and after.
    public var journal: (any IngestJournal)?

    public init(store: any ImageStore, batchSize: Int = 256, journal: (any IngestJournal)? = nil) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.journal = journal
    }

    /// Ingests every regular file named by `paths` or found below a folder in `paths`.
    /// Hidden files and folders (names starting with `.`, such as a `.concord` data directory)
    /// are skipped. A path that does not exist is reported as rejected.
    ///
    /// - Throws: ``StoreError`` only when the store itself fails (disk full, database error) or
    ///   the ``journal`` cannot record a batch; a bad input file is a rejection in the summary,
    ///   never an error.
    public func ingest(paths: [String], progress: (IngestProgress) -> Void = { _ in }) throws(StoreError) -> IngestSummary {
        var summary = IngestSummary()
        let walk = FileWalk(paths: paths)
        let (files, missing) = (walk.files, walk.missing)
        summary.rejected = missing
        var done = 0
        var start = 0
        // Parsing batch N + 1 (CPU) overlaps storing batch N (mostly waiting on the disk).
        var storing: BackgroundStore?
        func finish(_ job: BackgroundStore) throws(StoreError) {
            let outcomes: [IngestOutcome]
            do throws(StoreError) { outcomes = try job.outcomes() } catch {
                if !job.candidates.isEmpty { try? journal?.didFail(job.candidates, error: error) }
                throw error
            }
            if !job.candidates.isEmpty {
                try journaling { try journal?.didStore(job.candidates, outcomes: outcomes) }
            }
            for outcome in outcomes {
                switch outcome {
                case .ingested: summary.ingested += 1
                case .alreadyPresent: summary.alreadyPresent += 1
                case let .conflict(conflict): summary.conflicts.append(conflict)
                }
            }
            done += job.fileCount
            progress(IngestProgress(filesDone: done, filesTotal: files.count))
        }
        while start < files.count {
            let batch = Array(files[start..<min(start + batchSize, files.count)])
            start += batch.count
            var candidates: [IngestCandidate] = []
            for result in Self.parse(batch) {
                switch result {
                case let .success(candidate): candidates.append(candidate)
                case let .failure(rejection): summary.rejected.append(rejection)
                }
            }
            if let previous = storing { try finish(previous) }
            if !candidates.isEmpty {
                try journaling { try journal?.willStore(candidates) }
            }
            storing = BackgroundStore(store: store, candidates: candidates, fileCount: batch.count)
        }
        if let last = storing { try finish(last) }
        return summary
    }

    /// Runs a journal call, turning its failure into ``StoreError/journalRefused(reason:)``.
    private func journaling(_ call: () throws -> Void) throws(StoreError) {
        do { try call() } catch { throw .journalRefused(reason: "\(error)") }
    }

    /// Parses a batch on every core; results keep the batch's order.
    private static func parse(_ paths: [String]) -> [Result<IngestCandidate, IngestRejection>] {
        let results = ParseResults(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let result: Result<IngestCandidate, IngestRejection>
            do throws(IngestRejection) {
                result = .success(try IngestCandidate(path: paths[index]))
            } catch {
                result = .failure(error)
            }
            results.set(index, result)
        }
        return results.values
    }
}

/// How far an ingest run has got, reported after each batch.
public struct IngestProgress: Hashable, Sendable {
    public var filesDone: Int
    public var filesTotal: Int
}

/// What an ingest run did, file by file where something needs attention.
public struct IngestSummary: Hashable, Sendable, Codable {
    /// Instances stored now.
    public var ingested = 0
    /// Files whose SOP Instance UID and bytes were already stored.
    public var alreadyPresent = 0
    /// Files whose SOP Instance UID is stored with different bytes; kept aside, not stored.
    public var conflicts: [IngestConflict] = []
    /// Files that are not DICOM, are corrupt, or lack the UIDs to file them, with the reason.
    public var rejected: [IngestRejection] = []

    public init() {}
}

/// Per-index slots written from parallel workers.
private final class ParseResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<IngestCandidate, IngestRejection>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<IngestCandidate, IngestRejection>) {
        lock.withLock { slots[index] = result }
    }

    var values: [Result<IngestCandidate, IngestRejection>] { lock.withLock { slots.compactMap { $0 } } }
}


/// `store.ingest(candidates)` running on a thread of its own.
private final class BackgroundStore: @unchecked Sendable {
    let fileCount: Int
    let candidates: [IngestCandidate]
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[IngestOutcome], StoreError> = .success([])

    init(store: any ImageStore, candidates: [IngestCandidate], fileCount: Int) {
        self.fileCount = fileCount
        self.candidates = candidates
        Thread { [self] in
            do throws(StoreError) {
                result = .success(try store.ingest(candidates))
            } catch {
                result = .failure(error)
            }
            done.signal()
        }.start()
    }

    /// Waits for the batch and returns what happened to each candidate.
    func outcomes() throws(StoreError) -> [IngestOutcome] {
        done.wait()
        return try result.get()
    }
}
