#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file as the kernel knows it: device and inode. Two spellings of one file (`a/../a/x`, a
/// symbolic link, a hard link) have one identity.
///
/// ```swift
/// let a = FileIdentity(path: "geodata/places.geojson")
/// let b = FileIdentity(path: "geodata/./../geodata/places.geojson")
/// assert(a == b)
/// ```
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The identity of the file at `path` (symbolic links followed), or `nil` when there is none.
    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        self.init(st)
    }

    /// The identity of an open file descriptor.
    public init?(descriptor: Int32) {
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return nil }
        self.init(st)
    }
}

/// The files a run reads, by identity, each with the name it was read under: an output that is
/// one of them is refused ("inputs are sacred"), however its path is spelt.
///
/// ```swift
/// var inputs = InputSet()
/// inputs.insert(path: "recipe.yaml")
/// inputs.contains(path: "./recipe.yaml")  // true
/// ```
public struct InputSet: Sendable, Hashable {
    public private(set) var names: [FileIdentity: String] = [:]

    public init() {}

    /// A set of the files at `paths` (those that exist; `-` is standard input and skipped).
    public init(paths: [String]) {
        for p in paths { insert(path: p) }
    }

    /// Adds the file at `path` if it exists.
    public mutating func insert(path: String) {
        guard path != "-", let id = FileIdentity(path: path) else { return }
        if names[id] == nil { names[id] = path }
    }

    /// Adds a file already identified.
    public mutating func insert(_ id: FileIdentity, name: String) {
        if names[id] == nil { names[id] = name }
    }

    /// Adds every file of another set.
    public mutating func formUnion(_ other: InputSet) {
        for (id, name) in other.names where names[id] == nil { names[id] = name }
    }

    /// The name an input was read under, when `id` is one.
    public func name(of id: FileIdentity) -> String? { names[id] }

    public func contains(path: String) -> Bool {
        FileIdentity(path: path).map { names[$0] != nil } ?? false
    }

    public var isEmpty: Bool { names.isEmpty }
}

/// Every file opened for reading by this process's readers (GeoJSON layers, recipes, map specs,
/// plan manifests), with a sequence number, so that a run can protect exactly what it read
/// since it began:
///
/// ```swift
/// let mark = ReadLog.shared.mark()
/// _ = try GeoJSONReader().read(file: "geodata/places.geojson")
/// let read = ReadLog.shared.files(since: mark)   // holds geodata/places.geojson
/// ```
///
/// Why `@unchecked Sendable` is safe: `counter` and `entries` are read and written only under
/// `lock`.
public final class ReadLog: @unchecked Sendable {
    public static let shared = ReadLog()

    private let lock = ProcessLock()
    private var counter = 0
    private var entries: [FileIdentity: (name: String, sequence: Int)] = [:]

    init() {}

    /// Records that `name` (open as `descriptor`) was read.
    public func record(descriptor: Int32, name: String) {
        guard let id = FileIdentity(descriptor: descriptor) else { return }
        record(id, name: name)
    }

    public func record(_ id: FileIdentity, name: String) {
        lock.locked {
            counter += 1
            entries[id] = (name, counter)
        }
    }

    /// A point in the log; `files(since:)` returns what was read after it.
    public func mark() -> Int {
        lock.locked { counter }
    }

    /// The files read after `mark` (all of them for 0).
    public func files(since mark: Int = 0) -> InputSet {
        lock.locked {
            var set = InputSet()
            for (id, e) in entries where e.sequence > mark { set.insert(id, name: e.name) }
            return set
        }
    }
}
