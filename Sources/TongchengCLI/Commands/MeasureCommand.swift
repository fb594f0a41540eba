import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology
import TongchengAnalysis
import TongchengPostGIS

/// What `area` and `length` share: read, measure each feature, report per feature and in total.
struct Measurement {
    enum Kind { case area, length }

    var kind: Kind
    var inputs: [LoadedInput]
    var projection: Transformer?
    /// Measure in PostGIS instead (geodesic only).
    var engine: PostGISEngine? = nil

    struct Row {
        var file: String
        var index: Int
        var feature: Feature
        var value: Double
    }

    func rows() throws -> [Row] {
        if let engine {
            if projection != nil { throw CommandFailure.usage("--engine postgis measures geodesically; leave out --crs (or use --engine local)") }
            return try inputs.flatMap { input -> [Row] in
                let values = try engine.measure(kind == .area ? .area : .length, FeatureRef.all(in: input.collection, file: input.name))
                return input.collection.features.enumerated().map { k, f in Row(file: input.name, index: k, feature: f, value: values[k]) }
            }
        }
        var rows: [Row] = []
        for input in inputs {
            for (k, f) in input.collection.features.enumerated() {
                var v = 0.0
                if let g = f.geometry {
                    if let projection {
                        let p = try projection.transform(g)
                        v = kind == .area ? try p.planarArea() : try p.planarLength()
                    } else {
                        v = kind == .area ? g.geodesicArea() : g.geodesicLength()
                    }
                }
                rows.append(Row(file: input.name, index: k, feature: f, value: v))
            }
        }
        return rows
    }

    var method: String {
        if let projection { return "planar in \(projection.target)" }
        return "geodesic on the WGS 84 ellipsoid"
    }

    /// The JSON contract: `{"features":[{"index","id","name","area_m2"}],"total_m2"}` (or `length_m`/`total_m`).
    func json(_ rows: [Row], unitKey: String, unitValue: (Double) throws -> Double) throws -> String {
        let totalKey = kind == .area ? "total_m2" : "total_m"
        let features = try objects(rows, unitKey: unitKey, unitValue: unitValue).map(JSONValue.object)
        let total = rows.reduce(0) { $0 + $1.value }
        let doc: JSONValue = .object(JSONObject([
            ("features", .array(features)), (totalKey, try number(total)), ("method", .string(method)),
        ]))
        return JSONText.encode(doc) + "\n"
    }

    /// The keys of a row (the CSV header).
    func columns(unitKey: String) -> [String] {
        let key = kind == .area ? "area_m2" : "length_m"
        return ["index", "file", "id", "name", key] + (unitKey == key ? [] : [unitKey])
    }

    /// The rows of the JSON contract (`features`), also the rows of the CSV.
    func objects(_ rows: [Row], unitKey: String, unitValue: (Double) throws -> Double) throws -> [JSONObject] {
        let key = kind == .area ? "area_m2" : "length_m"
        return try rows.map { r in
            var o = JSONObject([
                ("index", .number(JSONNumber(r.index))), ("file", .string(r.file)), ("id", idJSON(r.feature)), ("name", nameJSON(r.feature)),
                (key, try number(r.value)),
            ])
            if unitKey != key { o[unitKey] = try number(unitValue(r.value)) }
            return o
        }
    }

    func table(_ rows: [Row], heading: String, format: (Double) -> String) -> Table {
        let many = inputs.count > 1
        var t = Table(columns: (many ? ["file"] : []) + ["#", "id", "name", heading], rightAligned: Set([many ? 1 : 0, many ? 4 : 3]))
        for r in rows {
            t.rows.append((many ? [r.file] : []) + [String(r.index), r.feature.id?.text ?? "", r.feature.name ?? "", format(r.value)])
        }
        t.footer.append((many ? [""] : []) + ["", "", "total", format(rows.reduce(0) { $0 + $1.value })])
        return t
    }

    /// GeoJSON out: the features with the measure added as a property.
    func geojson(_ rows: [Row], precision: Int?) throws -> String {
        let key = kind == .area ? "area_m2" : "length_m"
        let features = try rows.map { r -> Feature in
            var f = r.feature
            var p = f.properties ?? JSONObject()
            p[key] = try number(r.value)
            f.properties = p
            return f
        }
        return GeoJSONWriter(precision: precision).string(FeatureCollection(features))
    }
}
