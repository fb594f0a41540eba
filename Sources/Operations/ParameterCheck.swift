import TongchengGeodesy
import TongchengGeometry

/// A parameter value its declaration refuses: the same problem, in the same words, from the
/// command line (exit 64, `--distance 1e308km is out of range: …`) and from a recipe (exit 64,
/// `recipe.yaml:7: step "b": distance 1e308km is out of range: …`).
///
/// ```swift
/// do { _ = try buffer.parameter("crs")!.check("EPSG:4326") }
/// catch let e as ParameterError { print(e.message(option: true)) }  // --crs EPSG:4326 is geographic …
/// ```
public struct ParameterError: Error, Sendable, CustomStringConvertible {
    /// The parameter's name as declared (`zone_field`).
    public var parameter: String
    /// The value as given.
    public var value: String
    /// What is wrong, without the parameter's name: `is out of range: allowed 0 to 10 km`.
    public var problem: String

    public init(parameter: String, value: String, problem: String) {
        self.parameter = parameter
        self.value = value
        self.problem = problem
    }

    /// `--name value problem` for the command line, `name value problem` for a recipe.
    public func message(option: Bool) -> String {
        "\(option ? "--" + parameter.replacingOccurrences(of: "_", with: "-") : parameter) \(value) \(problem)"
    }

    public var description: String { message(option: false) }
}

extension OperationParameter {
    /// Checks a textual value against the declaration (its unit, its range, a projected CRS),
    /// returning it in base units for quantities (metres, square metres), else `nil`.
    ///
    /// ```swift
    /// let metres = try distance.check("2km")   // 2000
    /// ```
    @discardableResult
    public func check(_ text: String) throws -> Double? {
        switch kind {
        case .distance:
            let v: Double
            do { v = try Quantity.metres(text) } catch { throw ParameterError(parameter: name, value: text, problem: "is not a distance: \(error)") }
            try checkRange(v, text)
            return v
        case .area:
            let v: Double
            do { v = try Quantity.squareMetres(text) } catch { throw ParameterError(parameter: name, value: text, problem: "is not an area: \(error)") }
            try checkRange(v, text)
            return v
        case .number:
            guard let v = Double(text), v.isFinite else { throw ParameterError(parameter: name, value: text, problem: "is not a number") }
            try checkRange(v, text)
            return v
        case .projectedCRS:
            let crs: CoordinateSystem
            do { crs = try CoordinateSystem(text) } catch { throw ParameterError(parameter: name, value: text, problem: "is not a CRS: \(error)") }
            let geographic: Bool
            do { geographic = try Transformer(from: .wgs84, to: crs).targetIsGeographic } catch {
                throw ParameterError(parameter: name, value: text, problem: "is not a CRS: \(error)")
            }
            if geographic {
                throw ParameterError(parameter: name, value: text, problem: "is geographic (degrees); name a projected CRS such as EPSG:4547, or leave it out to work geodesically in metres")
            }
            return nil
        default:
            return nil
        }
    }

    private func checkRange(_ v: Double, _ text: String) throws {
        let range = self.range ?? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
        guard v.isFinite, range.contains(v), !positive || v > 0 else {
            throw ParameterError(parameter: name, value: text, problem: "is out of range: allowed \(allowedValues(range))")
        }
    }

    /// The allowed values as the refusal and the documentation state them, in the unit a planner
    /// types (km for distances, km2 for areas): `0 to 10001.965729 km`, `more than 0 to 10001.965729 km`;
    /// `nil` when the parameter has no range.
    ///
    /// ```swift
    /// OperationCatalog.reach.parameter("radius")?.allowedValues   // "more than 0 to 10001.965729 km"
    /// ```
    public var allowedValues: String? { range.map { allowedValues($0) } }

    private func allowedValues(_ range: ClosedRange<Double>) -> String {
        let (unit, unitName): (Double, String) = switch kind {
        case .distance: (1000, "km")
        case .area: (1e6, "km2")
        default: (1, "")
        }
        func shown(_ x: Double) -> String {
            if x == 0 { return "0" }
            let n = JSONNumber(x / unit)?.literal ?? "\(x / unit)"
            return unitName.isEmpty ? n : "\(n) \(unitName)"
        }
        return "\(positive ? "more than 0" : shown(range.lowerBound)) to \(shown(range.upperBound))"
    }
}
