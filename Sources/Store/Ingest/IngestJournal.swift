/// Told about every batch an ``Ingestor`` stores: before its transaction starts, and once it has
/// committed or failed. The CLI's implementation writes the audit log, so that a batch is
/// announced before it can commit and a process killed in between leaves a record of it.
///
/// Batches are stored one after another: each ``willStore(_:)`` is followed by exactly one
/// ``didStore(_:outcomes:)`` or ``didFail(_:error:)`` for the same batch before the next
/// ``willStore(_:)``. The store knows nothing of the audit log; this is the seam between them.
///
/// ```swift
/// struct Printer: IngestJournal {
///     func willStore(_ batch: [IngestCandidate]) throws { print("storing", batch.count) }
///     func didStore(_ batch: [IngestCandidate], outcomes: [IngestOutcome]) throws { print("stored") }
///     func didFail(_ batch: [IngestCandidate], error: StoreError) throws { print("failed:", error) }
/// }
/// let summary = try Ingestor(store: store, journal: Printer()).ingest(paths: ["incoming/"])
/// ```
public protocol IngestJournal: Sendable {
    /// Called before `batch` is written. Throwing stops the run before the batch is written
    /// (``StoreError/journalRefused(reason:)``).
    func willStore(_ batch: [IngestCandidate]) throws
    /// Called after the batch's transaction committed, with what happened to each candidate.
    /// Throwing stops the run (``StoreError/journalRefused(reason:)``); the batch stays stored.
    func didStore(_ batch: [IngestCandidate], outcomes: [IngestOutcome]) throws
    /// Called when storing the batch failed and nothing of it was committed. The run then stops
    /// with `error`, whether or not this throws.
    func didFail(_ batch: [IngestCandidate], error: StoreError) throws
}
