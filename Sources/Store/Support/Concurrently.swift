import Foundation

/// Runs `body(0) … body(count − 1)` on up to `width` threads and returns when all are done.
///
/// For blocking I/O (creating, writing and renaming blob files), where
/// `DispatchQueue.concurrentPerform` would run only one call per core and leave the core idle
/// while the kernel waits on the disk.
func concurrently(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let counter = NextIndex(limit: count)
    let group = DispatchGroup()
    for _ in 0..<min(width, count) {
        group.enter()
        let thread = Thread {
            while let index = counter.next() { body(index) }
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// Hands out 0, 1, 2 … `limit − 1` once each to whichever thread asks first.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func next() -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// The first error raised by work run ``concurrently(_:width:_:)``.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: StoreError?

    func record(_ error: StoreError) {
        lock.withLock { if first == nil { first = error } }
    }

    var error: StoreError? { lock.withLock { first } }
}
