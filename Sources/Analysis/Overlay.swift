import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// Overlays of one layer against another: clip (keep what lies inside a mask), erase (remove
/// it) and dissolve (merge features, optionally by a property).
///
/// Overlays run in longitude/latitude with GEOS's robust OverlayNG, after both operands' edges
/// are cut into geodesic pieces (`Geometry.withGeodesicEdges()`, docs/semantics.md): an edge is
/// the geodesic between its vertices, as in every area Tongcheng measures, so clip-then-area
/// gives the area conform and tabulate give. Features wholly inside a clip mask come out with
/// the added vertices; their area and length are unchanged.
///
/// ```swift
/// let beltInLankao = try Overlay.clip(belt, to: [lankao])
/// let outsideBelt = try Overlay.erase(lankaoLayer, with: [belt])
/// let byCity = try Overlay.dissolve(counties, by: "city")
/// ```
///
/// `Overlay` itself and `Overlay.keepDimension` are declared in Topology.
extension Overlay {
    /// Each feature cut to the union of the mask geometries; features outside disappear.
    /// `progress` counts the features cut.
    public static func clip(_ collection: FeatureCollection, to mask: [Geometry], progress: ProgressCounter? = nil) throws -> FeatureCollection {
        try apply(collection, mask: mask, keepOutside: false, name: "clip", progress: progress) { g, m in try g.intersection(m) }
    }

    /// Each feature with the union of the mask geometries removed; features wholly inside disappear.
    /// `progress` counts the features cut.
    public static func erase(_ collection: FeatureCollection, with mask: [Geometry], progress: ProgressCounter? = nil) throws -> FeatureCollection {
        try apply(collection, mask: mask, keepOutside: true, name: "erase", progress: progress) { g, m in try g.difference(m) }
    }

    static func apply(_ collection: FeatureCollection, mask: [Geometry], keepOutside: Bool, name: String, progress: ProgressCounter?,
                      _ op: (Geometry, Geometry) throws -> Geometry) throws -> FeatureCollection {
        progress?.start("\(name): union of the mask")
        let m = try Geometry.union(of: mask.map { $0.withGeodesicEdges() })
        let maskBox = m.boundingBox
        var out: [Feature] = []
        progress?.start(name, total: collection.features.count)
        for f in collection.features {
            defer { progress?.advance() }
            guard let g = f.geometry?.withGeodesicEdges() else { continue }
            // Features whose boxes miss the mask need no overlay.
            if let box = g.boundingBox, maskBox.map({ !box.intersects($0) }) ?? true {
                if keepOutside { out.append(f) }
                continue
            }
            let result = Overlay.keepDimension(try op(g, m), of: g)
            if result.isEmpty { continue }
            var copy = f
            copy.geometry = result
            copy.bbox = nil
            out.append(copy)
        }
        return FeatureCollection(out, foreignMembers: collection.foreignMembers)
    }

    /// Merges features into one, or into one per value of `property` (properties of the first
    /// feature of each group are kept, plus `dissolved`, the number merged). `progress` counts the groups merged.
    public static func dissolve(_ collection: FeatureCollection, by property: String? = nil, progress: ProgressCounter? = nil) throws -> FeatureCollection {
        try dissolve(collection, by: property) { groups in
            progress?.start("dissolve", total: groups.count, unit: "groups")
            return try groups.map {
                defer { progress?.advance() }
                return try Geometry.union(of: $0.map { $0.withGeodesicEdges() })
            }
        }
    }

    /// The same grouping and properties, with the unions of all groups computed by `unite`
    /// (one geometry per group, in order): the PostGIS engine runs them as SQL.
    /// A `property` that no feature has is an `UnknownFieldError` (not one group of everything).
    public static func dissolve(_ collection: FeatureCollection, by property: String?, unite: ([[Geometry]]) throws -> [Geometry]) throws -> FeatureCollection {
        if let property { try UnknownFieldError.check(property, in: FeatureRef.all(in: collection, file: "the input"), role: "input") }
        var groups: [(key: JSONValue, features: [Feature])] = []
        for f in collection.features where f.geometry != nil {
            let key = property.flatMap { f[property: $0] } ?? .null
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].features.append(f) } else { groups.append((key, [f])) }
        }
        let unions = try unite(groups.map { $0.features.compactMap(\.geometry) })
        return FeatureCollection(zip(groups, unions).map { group, merged in
            var props = JSONObject()
            if let property {
                props[property] = group.key
                if property != "name" { props["name"] = .string(group.key.displayText) }
            } else if let first = group.features.first?.properties { props = first }
            props["dissolved"] = .number(JSONNumber(group.features.count))
            return Feature(id: property == nil ? nil : .string(group.key.displayText), properties: props, geometry: merged)
        })
    }
}
