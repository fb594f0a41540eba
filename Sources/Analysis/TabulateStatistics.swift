import TongchengGeometry
import TongchengPlan

/// 三调-style presentation of a tabulation: classes in code order, second-level codes rolled up to
/// their first-level class, names joined to codes.
extension Tabulate.Result {
    /// The result with its classes in code order (codes compared as codes: `"01" < "0101" < "02" <
    /// "1203" < "20"`; class names such as 耕地 in the order of their code in `classification`;
    /// other names after them as first met; parcels without a class last), rolled up to `level`
    /// when given (`1`: `"0101"` and `"0102"` are added under `"01"`), and names filled from
    /// `classification` where the data had none (the 田坎 class a deduction adds, a rolled-up class).
    /// Throws `ClassCodeError` when `level` is given and a class value is not a code.
    ///
    /// ```swift
    /// let t = try Tabulate().run(parcels: parcels, classField: "DLBM", zones: zones).arranged(level: 1)
    /// for c in t.classes { print(t.label(of: c)) }   // 01 耕地, 02 园地, …, 12 其他土地
    /// ```
    public func arranged(level: Int? = nil, classification: LandUseClassification = .survey) throws -> Tabulate.Result {
        var target: [String?] = classes
        if let level {
            target = try classes.map { value in
                guard let value else { return nil }
                guard LandUseClassification.isCode(value) else { throw ClassCodeError(value: value, level: level) }
                return LandUseClassification.code(value, atLevel: level)
            }
        }
        // Merge the sums under the new class values, then order them.
        var merged: [String?] = []
        var index: [ClassKey: Int] = [:]
        var from: [Int] = []
        for value in target {
            if let i = index[ClassKey(value)] { from.append(i); continue }
            index[ClassKey(value)] = merged.count
            from.append(merged.count)
            merged.append(value)
        }
        let order = merged.indices.sorted { Tabulate.Result.codeOrder(merged[$0], $0, merged[$1], $1, classification) }
        var position = [Int](repeating: 0, count: merged.count)
        for (p, i) in order.enumerated() { position[i] = p }
        let classOf = Dictionary(uniqueKeysWithValues: classes.enumerated().map { (ClassKey($0.element), $0.offset) })
        var sums = Array(repeating: [Double](repeating: 0, count: merged.count), count: zones.count)
        for row in rows {
            guard let c = classOf[ClassKey(row.classValue)] else { continue }
            sums[row.zone][position[from[c]]] += row.areaSquareMetres
        }
        var out = self
        out.classes = order.map { merged[$0] }
        out.rows = []
        for z in zones.indices {
            for (k, value) in out.classes.enumerated() where sums[z][k] > 0 {
                out.rows.append(Tabulate.Row(zone: z, classValue: value, areaSquareMetres: sums[z][k],
                                             share: zoneAreaSquareMetres[z] > 0 ? sums[z][k] / zoneAreaSquareMetres[z] : 0))
            }
        }
        var names: [String: String] = [:]
        for value in out.classes.compactMap({ $0 }) {
            // A rolled-up class takes the classification's name; a class of the data keeps the data's.
            let rolled = level != nil && !classes.contains(value)
            if !rolled, let n = classNames[value] { names[value] = n } else if LandUseClassification.isCode(value), let n = classification.name(of: value) { names[value] = n }
        }
        out.classNames = names
        return out
    }

    /// How a class is shown: `"0101 水田"` (code and name), the value alone, or `(无 none)`.
    ///
    /// ```swift
    /// result.label(of: "1203")   // "1203 田坎"
    /// ```
    public func label(of value: String?) -> String {
        guard let value else { return "(无 none)" }
        guard let name = classNames[value], name != value else { return value }
        return "\(value) \(name)"
    }

    /// The table as classes × zones, in m² (rows in the order of `classes`).
    ///
    /// ```swift
    /// let c = try result.arranged().crosstab()
    /// print(c.rowLabels, c.columnTotals)
    /// ```
    public func crosstab() -> Crosstab {
        var cells = Array(repeating: [Double](repeating: 0, count: zones.count), count: classes.count)
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { (ClassKey($0.element), $0.offset) })
        for row in rows { if let c = index[ClassKey(row.classValue)] { cells[c][row.zone] += row.areaSquareMetres } }
        // Classes with no area in any zone are left out.
        let kept = cells.indices.filter { cells[$0].contains { $0 > 0 } }
        return Crosstab(rowHeading: "地类 class", rowLabels: kept.map { label(of: classes[$0]) }, columnLabels: zoneLabels,
                        cells: kept.map { cells[$0] })
    }

    /// Code order of two class values (`i`, `j`: their first-appearance indexes, the tie-break).
    static func codeOrder(_ a: String?, _ i: Int, _ b: String?, _ j: Int, _ classification: LandUseClassification) -> Bool {
        func key(_ v: String?, _ n: Int) -> (Int, String, Int) {
            guard let v else { return (3, "", n) }
            if LandUseClassification.isCode(v) { return (0, v, n) }
            if let code = classification.code(named: v) { return (1, code, n) }
            return (2, "", n)
        }
        let x = key(a, i), y = key(b, j)
        if x.0 != y.0 { return x.0 < y.0 }
        if x.1 != y.1 { return x.1.utf8.lexicographicallyPrecedes(y.1.utf8) }
        return x.2 < y.2
    }
}

/// A class value that is not a class code where `--level` needs one.
///
/// ```swift
/// throw ClassCodeError(value: "耕地", level: 1)
/// ```
public struct ClassCodeError: Error, Sendable, CustomStringConvertible {
    public var value: String
    public var level: Int
    public var description: String {
        "--level \(level) rolls class codes up, and \"\(value)\" is not a code: tabulate by the code field (e.g. --by DLBM)"
    }
}

/// A deduction coefficient (扣除系数) that is not a number in 0 ≤ k < 1.
///
/// ```swift
/// throw DeductionCoefficientError(file: "parcels.geojson", index: 3, id: nil, field: "KCXS", value: "1.5")
/// ```
public struct DeductionCoefficientError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var index: Int
    public var id: String?
    public var field: String
    public var value: String
    public var description: String {
        let name = id.map { " (id \"\($0)\")" } ?? ""
        return "\(file): features[\(index)].properties.\(field)\(name): deduction coefficient \"\(value)\" is not a number from 0 to below 1 (a 扣除系数 such as 0.08)"
    }
}
