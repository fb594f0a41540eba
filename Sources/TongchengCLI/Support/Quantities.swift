import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengPlan

/// Quantities given on the command line, read with their units (a bare number is refused with
/// "add a unit: 100km, 100m") and reported with the option that gave them.
///
/// ```swift
/// let r = try metres("100km", option: "--radius")       // 100000.0
/// let a = try squareMetres("30", option: "--area")      // exit 64: --area: "30" has no unit: add a unit: 30km2, 30ha, 30mu
/// ```
func metres(_ text: String, option: String) throws -> Double {
    do { return try Quantity.metres(text) } catch let e as QuantityError {
        throw CommandFailure.usage("\(option): \(e)")
    }
}

/// Square metres from an area option; see `metres(_:option:)`.
func squareMetres(_ text: String, option: String) throws -> Double {
    do { return try Quantity.squareMetres(text) } catch let e as QuantityError {
        throw CommandFailure.usage("\(option): \(e)")
    }
}

/// A plain number option read as a decimal number only (`60`, `60.5`, `1e2`): Swift's `Double`
/// also reads `0x10` (16), `nan` and `inf`, which no one means. The value is kept as given and
/// shown with `text` (60.5 stays 60.5, never rounded to 60).
///
/// ```swift
/// @Option var minutes: DecimalNumber      // --minutes 60.5
/// ```
struct DecimalNumber: ExpressibleByArgument, Sendable {
    var value: Double

    init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces)
        guard Gazetteer.isDecimal(t), let v = Double(t), v.isFinite else { return nil }
        value = v
    }

    /// The number as written back: no trailing zeros, no rounding (60, 60.5, 0.25).
    var text: String { DecimalNumber.text(value) }

    static func text(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// A sanity limit on a quantity that is surely a typing mistake (issue 17): a site smaller than
/// 0.01 km² (a hectare; `--area 30` meant as km² but read as m² searched for ten minutes). The
/// ranges of distances (a radius up to a hemisphere, …) are declared with each operation (`declaredMetres`, `OperationCatalog`).
enum QuantityLimits {
    static let smallestSiteSquareMetres = 0.01e6

    static func checkSiteArea(_ a: Double, text: String) throws {
        guard a >= smallestSiteSquareMetres else {
            throw CommandFailure.usage("--area \(text) is below 0.01 km² (1 ha, 15 亩): give the site's area with its unit, such as 30km2 or 3000ha")
        }
    }
}
