/// Parsing the top FeatureCollection's features on several threads (`GeoJSONReadOptions.jobs`).
///
/// The features array is read in rounds of `parallelSegment` bytes a thread. The first thread
/// starts a round where the last one ended, at a feature's `{`; each other thread starts at a
/// guessed feature boundary (the first `}`, `,`, `{` after its share's offset, white space
/// allowed between) and every thread parses whole features, as the one-thread parser does, until
/// it passes the next thread's start. A guess is only trusted when the thread before it, which
/// started at a trusted boundary, ended exactly there; a wrong guess (a `},{` inside a string or
/// in the properties) costs its thread's work and nothing else: the round ends at the last
/// trusted thread's end and the next round starts there. So the features, their order and their
/// indices are those of one thread. A thread that meets a problem stops before the feature it
/// is in; its features are handed over and the one-thread parser goes on from that feature,
/// so the error (message, path, line, column) and the features handed over before it are those
/// of one thread too.
///
/// Memory: a round holds at most `jobs` × `parallelSegment` bytes' worth of features before
/// they are handed over, so streaming (`GeoJSONReader.forEachFeature`) stays bounded.
extension GeoJSONParser {
    /// What one thread parsed of a round.
    struct Stretch: Sendable {
        var features: [Feature] = []
        /// The offset after the features parsed: the next feature's `{` (white space skipped), the
        /// `]` closing the array, or the start of the feature in which a problem was met.
        var next: Int
        /// Whether `next` is the `]` closing the features array.
        var closed = false
        /// Whether parsing stopped at a problem in or after the feature at `next`.
        var failed = false
    }

    /// Parses whole features from `start` (a feature boundary, trusted or guessed) until the first
    /// boundary at or after `stop`, the end of the array, or a problem.
    func stretch(from start: Int, to stop: Int) -> Stretch {
        var p = self
        p.i = start
        p.onFeature = nil
        p.releasesParsedPages = false
        var s = Stretch(next: start)
        while true {
            let at = p.i
            guard p.peek() == UInt8(ascii: "{"), let parsed = try? p.parseObject(.feature), case .feature(let f) = parsed else {
                s.next = at
                s.failed = true
                return s
            }
            switch p.peek() {
            case UInt8(ascii: ","):
                p.i += 1
                s.features.append(f)
                _ = p.peek()
                s.next = p.i
                if p.i >= stop { return s }
            case UInt8(ascii: "]"):
                s.features.append(f)
                s.next = p.i
                s.closed = true
                return s
            default:
                // One thread hands this feature over, then fails on what follows it: leave both to it.
                s.next = at
                s.failed = true
                return s
            }
        }
    }

    /// The offset of the first `{` at or after `from` (and before `limit`) that follows `}` and
    /// `,` with only white space between: a guess at a feature boundary.
    func guessBoundary(from: Int, limit: Int) -> Int? {
        var k = from
        while k < limit {
            if base[k] == UInt8(ascii: ",") {
                var b = k - 1
                while b > 0, isWhitespace(base[b]) { b -= 1 }
                var a = k + 1
                while a < limit, isWhitespace(base[a]) { a += 1 }
                if b >= 0, base[b] == UInt8(ascii: "}"), a < limit, base[a] == UInt8(ascii: "{") { return a }
            }
            k += 1
        }
        return nil
    }

    @inline(__always) func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// Parses features from `i` (just inside the top collection's `[`, at a feature's `{`) on
    /// `options.jobs` threads while at least two rounds' worth of bytes remain, handing each to
    /// `take` with its index in order. Returns the next index and whether the array's `]` was
    /// consumed; when not, the one-thread loop goes on from `i`.
    mutating func parseFeaturesInParallel(from first: Int, _ take: (Feature, Int) throws -> Void) throws -> (index: Int, closed: Bool) {
        let jobs = options.jobs, segment = max(256, parallelSegment)
        var index = first
        while jobs > 1, count - i >= 2 * segment {
            _ = peek()
            guard i < count, base[i] == UInt8(ascii: "{") else { break }
            let limit = min(count, i + jobs * segment)
            var starts = [i]
            for k in 1..<jobs {
                guard let c = guessBoundary(from: max(i + k * segment, starts[k - 1] + 1), limit: limit) else { break }
                starts.append(c)
            }
            let n = starts.count, begins = starts
            let stops = Array(starts.dropFirst()) + [limit]
            let slots = UnsafeMutableBufferPointer<Stretch?>.allocate(capacity: n)
            slots.initialize(repeating: nil)
            defer {
                slots.deinitialize()
                slots.deallocate()
            }
            // Why `nonisolated(unsafe)` is safe for the parser and the slots: each thread reads the
            // (immutable) text through its own copy of the parser and writes one slot of its own;
            // every thread is joined before the slots are read.
            nonisolated(unsafe) let parser = self, shared = slots
            let threads = (1..<n).map { k in WorkerThread { shared[k] = parser.stretch(from: begins[k], to: stops[k]) } }
            slots[0] = stretch(from: starts[0], to: stops[0])
            for t in threads { t.join() }
            var k = 0
            while true {
                let s = slots[k]!
                for f in s.features {
                    try take(f, index)
                    index += 1
                }
                i = s.next
                if s.closed {
                    i += 1
                    return (index, true)
                }
                if s.failed { return (index, false) }
                guard k + 1 < n, s.next == starts[k + 1] else { break }
                k += 1
            }
            releaseParsedPages()
        }
        return (index, false)
    }
}
