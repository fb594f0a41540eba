/// The operation table of the documentation (the DocC article `EveryOperation.md` of
/// TongchengOperations): every operation with its parameters and their units, its engines and its
/// table's columns, written from the declarations. `OperationTableArticleTests` fails when the
/// article holds anything else, and prints the table to paste (or `scripts/docs --update` writes it).
///
/// ```swift
/// print(OperationTable.markdown(RecipeSchema.orderedOperations))
/// ```
public enum OperationTable {
    /// The line that starts the generated part of the article; everything after it is generated.
    public static let marker = "<!-- generated from the declarations by OperationTable.markdown: do not edit below -->"

    /// The table of `operations`, in their order, then one section per operation: its parameters
    /// and the declaration's example command lines.
    public static func markdown(_ operations: [OperationDeclaration]) -> String {
        var out = "| operation | engines | table columns | what it does |\n|---|---|---|---|\n"
        for op in operations {
            let columns = !op.makesTable ? "— (a layer only)" : op.columns.isEmpty ? "a table (its columns not declared yet)" : op.columns.map { "`\($0)`" }.joined(separator: ", ")
            out += "| `\(op.name)` | \(op.engines.map(\.rawValue).joined(separator: ", ")) | \(columns) | \(escaped(op.summary)) |\n"
        }
        for op in operations {
            out += "\n### \(op.name)\n\n\(escaped(op.summary.prefix(1).uppercased() + op.summary.dropFirst())). Engines: \(op.engines.map { "`\($0.rawValue)`" }.joined(separator: ", ")). "
            out += !op.makesTable ? "Makes a layer.\n\n" : op.columns.isEmpty ? "Makes a layer and a table (its columns are not declared yet).\n\n"
                : "Makes a layer and a table with the columns \(op.columns.map { "`\($0)`" }.joined(separator: ", ")).\n\n"
            out += "| parameter | required | value (unit) | allowed | meaning |\n|---|---|---|---|---|\n"
            for p in op.parameters {
                out += "| `\(p.name)` | \(p.required ? "yes" : "no") | \(escaped(p.kind.valueDescription)) | \(p.allowedValues.map(escaped) ?? "") | \(escaped(p.help)) |\n"
            }
            if !op.examples.isEmpty { out += "\n```sh\n" + op.examples.joined(separator: "\n") + "\n```\n" }
        }
        return out
    }

    /// `|` would end a table cell.
    static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}

extension OperationParameter.Kind {
    /// What a value of this kind is written as, with its units: `distance with a unit: m or km (2km, 500 m)`.
    ///
    /// ```swift
    /// OperationParameter.Kind.area.valueDescription   // "area with a unit: m2, ha, km2 or mu (亩) (30km2)"
    /// ```
    public var valueDescription: String {
        switch self {
        case .layer: return "layer name"
        case .layers: return "layer name or list of them"
        case .text: return "text"
        case .distance: return "distance with a unit: m or km (2km, 500 m)"
        case .area: return "area with a unit: m2, ha, km2 or mu (亩) (30km2)"
        case .number: return "number"
        case .flag: return "true or false"
        case .placeOrLayer: return "place of the gazetteer, LON,LAT or layer name"
        case .place: return "place of the gazetteer or LON,LAT"
        case .mapping: return "property: value pairs"
        case .areaUnit: return "area unit: m2, ha, km2 or mu"
        case .lengthUnit: return "length unit: m or km"
        case .statuses: return "statuses: existing, under_construction, planned"
        case .predicate: return "predicate: intersects, within, contains, covers or disjoint"
        case .crs: return "CRS: EPSG code, wgs84, cgcs2000, gcj02 …"
        case .projectedCRS: return "projected CRS (metres), e.g. EPSG:4547"
        }
    }
}
