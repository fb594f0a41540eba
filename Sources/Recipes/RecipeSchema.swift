import Analysis
import Geodesy
import Plan

/// The step types of recipe format 1 and their parameters.
///
/// ```swift
/// RecipeSchema.operations["buffer"]?.parameters.map(\.name)  // ["input", "distance", "crs", "dissolve"]
/// ```
public enum RecipeSchema {
    /// What a parameter's value must be: `RecipeSchema.operations["buffer"]!.parameters[1].kind` is `.distance`.
    public enum Kind: Sendable {
        /// The name of a layer (an input, an earlier step, or `plan.<layer>`).
        case layer
        /// One layer name or a list of them.
        case layers
        case text
        /// A distance with a unit (`2km`).
        case distance
        /// An area with a unit (`30km2`).
        case area
        case number
        case flag
        /// A place of the gazetteer, `LON,LAT`, or a layer name (areas to reach from).
        case placeOrLayer
        case place
        /// property: value pairs.
        case mapping
        case areaUnit, lengthUnit, statuses, predicate, crs
    }

    /// One parameter of a step type: its name, kind, whether it is required, and its help text.
    public struct Parameter: Sendable {
        public var name: String
        public var kind: Kind
        public var required: Bool
        public var help: String
    }

    /// A step type: `RecipeSchema.operations["reach"]!.makesTable` is `true`.
    public struct Operation: Sendable {
        public var name: String
        public var summary: String
        public var parameters: [Parameter]
        /// Whether the step's result includes a table (it always includes a layer).
        public var makesTable: Bool
    }

    static func p(_ name: String, _ kind: Kind, _ required: Bool, _ help: String) -> Parameter {
        Parameter(name: name, kind: kind, required: required, help: help)
    }

    /// Every step type of format 1 by name (docs/recipes.md lists them).
    public static let operations: [String: Operation] = {
        let list: [Operation] = [
            Operation(name: "transform", summary: "convert a layer to another CRS (for output; analyses expect WGS 84)", parameters: [
                p("input", .layer, true, "layer"), p("to", .crs, true, "target CRS (EPSG:4547, gcj02, …)"), p("from", .crs, false, "source CRS (default wgs84)"),
            ], makesTable: false),
            Operation(name: "buffer", summary: "geodesic buffer (or planar in a CRS)", parameters: [
                p("input", .layer, true, "layer"), p("distance", .distance, true, "e.g. 2km"), p("crs", .crs, false, "buffer planar in this projected CRS"),
                p("dissolve", .flag, false, "merge the buffers"),
            ], makesTable: false),
            Operation(name: "dissolve", summary: "merge features (optionally by a property)", parameters: [
                p("input", .layer, true, "layer"), p("by", .text, false, "property to group by"),
            ], makesTable: false),
            Operation(name: "clip", summary: "keep the parts inside a mask (intersection)", parameters: [
                p("input", .layer, true, "layer"), p("mask", .layers, true, "mask layer(s)"),
            ], makesTable: false),
            Operation(name: "intersect", summary: "same as clip", parameters: [
                p("input", .layer, true, "layer"), p("mask", .layers, true, "mask layer(s)"),
            ], makesTable: false),
            Operation(name: "difference", summary: "remove the parts inside a mask (erase)", parameters: [
                p("input", .layer, true, "layer"), p("mask", .layers, true, "mask layer(s)"),
            ], makesTable: false),
            Operation(name: "union", summary: "the union of layers as one feature", parameters: [
                p("inputs", .layers, true, "layers"),
            ], makesTable: false),
            Operation(name: "area", summary: "geodesic area of every feature", parameters: [
                p("input", .layer, true, "layer"), p("unit", .areaUnit, false, "km2 (default), ha, mu, m2"),
            ], makesTable: true),
            Operation(name: "length", summary: "geodesic length (perimeter of polygons)", parameters: [
                p("input", .layer, true, "layer"), p("unit", .lengthUnit, false, "km (default) or m"),
            ], makesTable: true),
            Operation(name: "reach", summary: "share of each feature within a distance of a place or area", parameters: [
                p("from", .placeOrLayer, true, "place, LON,LAT or layer"), p("radius", .distance, true, "e.g. 100km"), p("within", .layers, true, "layers to measure"),
            ], makesTable: true),
            Operation(name: "overlap", summary: "pairs of overlapping polygons with shared area", parameters: [
                p("input", .layer, true, "layer"), p("with", .layer, false, "second layer (default: pairs within input)"),
            ], makesTable: true),
            Operation(name: "near", summary: "features within a distance of another layer's", parameters: [
                p("input", .layer, true, "layer"), p("to", .layer, true, "layer to measure to"), p("distance", .distance, true, "e.g. 5km"),
            ], makesTable: true),
            Operation(name: "isochrone", summary: "area reachable within a travel time", parameters: [
                p("from", .place, true, "place or LON,LAT"), p("minutes", .number, true, "travel time"), p("network", .layer, false, "transport layer (default plan.transport)"),
                p("status", .statuses, false, "existing (default), under_construction, planned — comma-separated"), p("within", .layers, false, "layers whose share inside is tabled"),
            ], makesTable: true),
            Operation(name: "site", summary: "candidate sites of an area, ranked", parameters: [
                p("within", .layers, true, "region"), p("area", .area, true, "e.g. 30km2"), p("avoid", .layers, false, "constraint layers"),
                p("avoid_buffer", .distance, false, "distance to keep from constraints"), p("near", .layers, false, "layers to be close to"),
                p("max_distance", .distance, false, "farthest from near (default 10km)"), p("count", .number, false, "how many (default 5)"),
            ], makesTable: true),
            Operation(name: "simplify", summary: "topology-preserving simplification", parameters: [
                p("input", .layer, true, "layer"), p("tolerance", .distance, true, "e.g. 100m"),
            ], makesTable: false),
            Operation(name: "filter", summary: "keep features whose properties match", parameters: [
                p("input", .layer, true, "layer"), p("where", .mapping, true, "property: value (value may be a list of alternatives)"),
            ], makesTable: false),
            Operation(name: "select", summary: "keep features by location against another layer", parameters: [
                p("input", .layer, true, "layer"), p("by", .layers, true, "layer(s) to test against"),
                p("predicate", .predicate, false, "intersects (default), within, contains, covers, disjoint"), p("distance", .distance, false, "select within this distance instead"),
            ], makesTable: false),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()
}
