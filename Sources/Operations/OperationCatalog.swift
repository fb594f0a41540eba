import TongchengGeodesy

/// Every operation's declaration, one per operation, in the order docs/recipes.md lists them.
/// The recipe steps (Sources/Recipes/Operations/) and the command-line subcommands read these;
/// `OperationModelTests` checks the subcommands' options and the docs against them.
///
/// ```swift
/// OperationCatalog.buffer.parameter("distance")?.option   // "--distance"
/// ```
public enum OperationCatalog {
    public static let buffer = OperationDeclaration(name: "buffer", summary: "geodesic buffer (or planar in a CRS)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("distance", .distance, required: true, help: "e.g. 2km", range: OperationLimits.hemisphere),
        .init("crs", .projectedCRS, help: "buffer planar in this projected CRS"), .init("dissolve", .flag, help: "merge the buffers"),
    ], makesTable: false)

    public static let conform = OperationDeclaration(name: "conform", summary: "合规性审查: pieces of a plan overlapping forbidden layers or outside required ones", parameters: [
        .init("input", .layer, required: true, help: "plan features (polygons)"), .init("forbid", .layers, help: "layers the plan must not overlap"),
        .init("within", .layers, help: "layers the plan must lie within"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let dissolve = OperationDeclaration(name: "dissolve", summary: "merge features (optionally by a property)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("by", .text, help: "property to group by"),
    ], makesTable: false, engines: [.local, .postgis])

    public static let filter = OperationDeclaration(name: "filter", summary: "keep features whose properties match", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("where", .mapping, required: true, help: "property: value (value may be a list of alternatives)"),
    ], makesTable: false)

    public static let isochrone = OperationDeclaration(name: "isochrone", summary: "area reachable within a travel time", parameters: [
        .init("from", .place, required: true, help: "place or LON,LAT"), .init("minutes", .number, required: true, help: "travel time"),
        .init("network", .layer, help: "transport layer (default plan.transport)"),
        .init("status", .statuses, help: "existing (default), under_construction, planned — comma-separated"),
        .init("within", .layers, help: "layers whose share inside is tabled"),
    ], makesTable: true)

    public static let area = OperationDeclaration(name: "area", summary: "geodesic area of every feature", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("unit", .areaUnit, help: "km2 (default), ha, mu, m2"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let length = OperationDeclaration(name: "length", summary: "geodesic length (perimeter of polygons)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("unit", .lengthUnit, help: "km (default) or m"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let near = OperationDeclaration(name: "near", summary: "features within a distance of another layer's", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("to", .layer, required: true, help: "layer to measure to"),
        .init("distance", .distance, required: true, help: "e.g. 5km", range: OperationLimits.halfMeridian),
    ], makesTable: true, engines: [.local, .postgis])

    public static let overlap = OperationDeclaration(name: "overlap", summary: "pairs of overlapping polygons with shared area", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("with", .layer, help: "second layer (default: pairs within input)"),
    ], makesTable: true, engines: [.local, .postgis])

    /// The parameters of clip, intersect and difference.
    public static let maskParameters: [OperationParameter] = [
        .init("input", .layer, required: true, help: "layer"), .init("mask", .layers, required: true, help: "mask layer(s)"),
    ]

    public static let clip = OperationDeclaration(name: "clip", summary: "keep the parts inside a mask (intersection)", parameters: maskParameters, makesTable: false, engines: [.local, .postgis])

    public static let intersect = OperationDeclaration(name: "intersect", summary: "same as clip", parameters: maskParameters, makesTable: false, engines: [.local, .postgis])

    public static let difference = OperationDeclaration(name: "difference", summary: "remove the parts inside a mask (erase)", parameters: maskParameters, makesTable: false, engines: [.local, .postgis])

    public static let `union` = OperationDeclaration(name: "union", summary: "the union of layers as one feature", parameters: [
        .init("inputs", .layers, required: true, help: "layers"),
    ], makesTable: false)

    public static let reach = OperationDeclaration(name: "reach", summary: "share of each feature within a distance of a place or area", parameters: [
        .init("from", .placeOrLayer, required: true, help: "place, LON,LAT or layer"), .init("radius", .distance, required: true, help: "e.g. 100km", range: 0...GeodesicBufferLimits.maximumMetres, positive: true),
        .init("within", .layers, required: true, help: "layers to measure"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let select = OperationDeclaration(name: "select", summary: "keep features by location against another layer", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("by", .layers, required: true, help: "layer(s) to test against"),
        .init("predicate", .predicate, help: "intersects (default), within, contains, covers, disjoint"),
        .init("distance", .distance, help: "select within this distance instead", range: OperationLimits.halfMeridian),
    ], makesTable: false)

    public static let simplify = OperationDeclaration(name: "simplify", summary: "topology-preserving simplification", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("tolerance", .distance, required: true, help: "e.g. 100m"),
    ], makesTable: false)

    public static let site = OperationDeclaration(name: "site", summary: "candidate sites of an area, ranked", parameters: [
        .init("within", .layers, required: true, help: "region"), .init("area", .area, required: true, help: "e.g. 30km2"),
        .init("avoid", .layers, help: "constraint layers"), .init("avoid_buffer", .distance, help: "distance to keep from constraints", range: 0...GeodesicBufferLimits.maximumMetres),
        .init("near", .layers, help: "layers to be close to"), .init("max_distance", .distance, help: "farthest from near (default 10km)", range: OperationLimits.halfMeridian),
        .init("count", .number, help: "how many (default 5)"),
    ], makesTable: true)

    public static let tabulate = OperationDeclaration(name: "tabulate", summary: "地类统计: area of each land-use class inside each zone", parameters: [
        .init("input", .layer, required: true, help: "parcels (land-use polygons)"), .init("by", .text, required: true, help: "the parcels' class field, e.g. DLMC"),
        .init("zones", .layers, required: true, help: "zone layer(s)"), .init("zone_field", .text, help: "zone property naming zones (default name, else id)"),
        .init("unit", .areaUnit, help: "mu, ha, km2: adds the column area_<unit> (none when absent)"),
    ], makesTable: true, engines: [.local, .postgis], columns: ["zone", "class", "area_m2", "area_<unit>", "share"])

    public static let transform = OperationDeclaration(name: "transform", summary: "convert a layer to another CRS (for output; analyses expect WGS 84)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("to", .crs, required: true, help: "target CRS (EPSG:4547, gcj02, …)"),
        .init("from", .crs, help: "source CRS (default wgs84)"),
    ], makesTable: false)

    public static let check = OperationDeclaration(name: "check", summary: "数据质检: invalid, empty, multipart, duplicate, overlapping features, gaps and slivers", parameters: [
        .init("input", .layer, required: true, help: "the layer to check (polygons)"),
        .init("within", .layers, help: "the area the layer should cover (default: its own outline)"),
        .init("min_area", .area, help: "slivers are smaller than this (default 10m2)"),
        .init("max_thinness", .number, help: "slivers have 4πA/P² under this (default 0.05)"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let transition = OperationDeclaration(name: "transition", summary: "土地利用转移矩阵: area from each old land-use class to each new one", parameters: [
        .init("old", .layer, required: true, help: "the old survey's parcels"), .init("new", .layer, required: true, help: "the new survey's parcels"),
        .init("by", .text, required: true, help: "the class field, e.g. DLBM"), .init("by_new", .text, help: "the new survey's class field, when it differs"),
        .init("zones", .layers, help: "zones to make one matrix in each"), .init("zone_field", .text, help: "zone property naming zones (default name, else id)"),
        .init("unit", .areaUnit, help: "mu, ha, km2: adds the column area_<unit> (none when absent)"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let diff = OperationDeclaration(name: "diff", summary: "图层比对: features added, removed and changed between two versions of a layer", parameters: [
        .init("old", .layer, required: true, help: "the old version"), .init("new", .layer, required: true, help: "the new version"),
        .init("key", .text, help: "the field identifying a feature in both (default: match by geometry)"),
    ], makesTable: true, engines: [.local, .postgis])

    public static let balance = OperationDeclaration(name: "balance", summary: "占补平衡: farmland a plan occupies against the farmland supplemented", parameters: [
        .init("input", .layer, required: true, help: "plan features (polygons)"), .init("farmland", .layers, required: true, help: "the farmland layer(s)"),
        .init("supplement", .layers, required: true, help: "the farmland to be supplemented"),
    ], makesTable: true, engines: [.local])
}
