/// Why a file could not be read or written through GDAL: the file, the layer and the feature
/// where it went wrong, what is wrong, and a hint for the user.
///
/// ```swift
/// do { _ = try FeatureSource.read("survey.shp") }
/// catch let e as InterchangeError { print(e) }  // survey.shp: layer survey, feature 12: …
/// ```
public struct InterchangeError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The input does not exist.
        case missingFile
        /// The input exists but its data are wrong (truncated, corrupt, incomplete, no CRS).
        case badData
        /// The request does not fit the data (no such layer, several layers and none named, an unknown encoding).
        case usage
        /// The output cannot be written (its folder, the format's limits, GDAL's driver).
        case cannotWrite
    }

    public var kind: Kind
    public var file: String
    public var layer: String?
    public var featureIndex: Int?
    public var message: String
    public var hint: String?

    public init(kind: Kind, file: String, layer: String? = nil, featureIndex: Int? = nil, message: String, hint: String? = nil) {
        self.kind = kind
        self.file = file
        self.layer = layer
        self.featureIndex = featureIndex
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var where_ = file
        if let layer { where_ += ": layer \(layer)" }
        if let featureIndex { where_ += ", feature \(featureIndex)" }
        return "\(where_): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
