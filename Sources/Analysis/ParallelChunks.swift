import Foundation
import TongchengGeometry

/// Runs `body` over chunk indices 0..<count on up to `jobs` threads, each thread with its own
/// state from `prepare` (a `PreparedLayer`, say), and returns the results in chunk order.
/// The closures are `@Sendable`, so the compiler checks what they capture; the state is made
/// on the thread that uses it and never leaves it, so it need not be `Sendable`.
///
/// ```swift
/// let sums = try forEachChunk(count: 8, jobs: 2, prepare: { try PreparedLayer(zones) }) { layer, c in c }
/// ```
public func forEachChunk<State, R: Sendable>(count: Int, jobs: Int, prepare: @Sendable () throws -> State, _ body: @Sendable (State, Int) throws -> R) throws -> [R] {
    try runChunks(count: count, workers: max(1, min(jobs, count)), state: { _ in try prepare() }, body)
}

/// Runs `body` over chunk indices 0..<count on one thread per element of `states` (at most
/// `count`), thread w using `states[w]` (its own `PreparedLayer`, say, made once and kept across
/// calls), and returns the results in chunk order.
///
/// ```swift
/// let sums = try forEachChunk(count: 8, states: [try PreparedLayer(zones), try PreparedLayer(zones)]) { layer, c in c }
/// ```
public func forEachChunk<State: Sendable, R: Sendable>(count: Int, states: [State], _ body: @Sendable (State, Int) throws -> R) throws -> [R] {
    guard !states.isEmpty else { return [] }
    return try runChunks(count: count, workers: max(1, min(states.count, count)), state: { states[$0] }, body)
}

/// The one implementation of both: worker w (0 is the calling thread) takes its state from
/// `state(w)` and claims chunks until none are left.
func runChunks<State, R: Sendable>(count: Int, workers: Int, state: @Sendable (Int) throws -> State, _ body: @Sendable (State, Int) throws -> R) throws -> [R] {
    guard count > 0 else { return [] }
    if workers == 1 {
        let only = try state(0)
        return try (0..<count).map { try body(only, $0) }
    }
    let slots = ChunkResults<R>(count)
    withoutActuallyEscaping(state) { make in
        withoutActuallyEscaping(body) { work in
            // Chunks are claimed one at a time, not dealt out in turn: chunks along zone edges cost
            // several times those inside, and a thread that drew the cheap ones would sit idle.
            let next = ChunkCounter(count)
            let worker: @Sendable (Int) -> Void = { w in
                let state: State
                do { state = try make(w) } catch {
                    while let c = next.claim() { slots.set(c, .failure(error)) }
                    return
                }
                while let c = next.claim() { slots.set(c, Result { try work(state, c) }) }
            }
            // Threads of our own, not concurrentPerform: libdispatch runs an iteration on a pool
            // thread only once one is free, and on a busy machine the calling thread claimed every
            // chunk before a second thread started (measured at load 2: two threads no faster than one).
            let threads = (1..<workers).map { w in WorkerThread { worker(w) } }
            worker(0)
            for t in threads { t.join() }
        }
    }
    return try slots.values()
}

/// One result slot per chunk, written by worker threads and read once they are all joined.
///
/// Why `@unchecked Sendable` is safe: `ChunkCounter.claim` hands each chunk index to exactly one
/// thread, so no two threads write the same slot; `values()` is called only after `runChunks`
/// joined every worker (`pthread_join` orders their writes before the read).
final class ChunkResults<R: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<R, Error>?>

    init(_ count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ chunk: Int, _ value: Result<R, Error>) { slots[chunk] = value }

    /// The results in chunk order; the first failure is thrown.
    func values() throws -> [R] { try slots.map { try $0!.get() } }
}

/// Hands out chunk indices 0..<count, each once, to whichever thread asks first.
///
/// Why `@unchecked Sendable` is safe: `next`, its only mutable state, is read and written under
/// `lock` (an `NSLock`, a class, so its address is stable).
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(_ count: Int) { self.count = count }

    /// The next chunk not yet taken, or `nil` when all are.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
