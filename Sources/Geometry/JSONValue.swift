/// A JSON value kept without loss: numbers keep their literal text, objects keep their key order.
///
/// ```swift
/// let v: JSONValue = .object(["name": "兰考县", "adcode": 410225])
/// print(v["name"]?.stringValue ?? "")  // 兰考县
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let n) = self { return n.doubleValue }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A short description of the value's JSON type, for error messages.
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as text for tables: strings as they are, numbers as written, `null` as "".
    public var displayText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.literal
        case .string(let s): return s
        case .array, .object: return JSONText.encode(self)
        }
    }
}

/// A JSON number as written in the source, so that integers beyond 2^53 and decimal spellings survive a round trip.
///
/// ```swift
/// let n = JSONNumber(410225)
/// print(n.literal, n.doubleValue)  // 410225 410225.0
/// ```
public struct JSONNumber: Sendable, Hashable {
    /// The number's text, valid JSON.
    public let literal: String
    /// The number as a `Double` (nearest value).
    public let doubleValue: Double

    /// A number from a literal that is already known to be valid JSON.
    public init(literal: String, doubleValue: Double) {
        self.literal = literal
        self.doubleValue = doubleValue
    }

    /// The number `value`, or `nil` for NaN and ±infinity, which JSON cannot write: a caller
    /// that cannot go on without the number throws `NonFiniteNumberError` (use `finite(_:_:)`),
    /// which the command line reports as bad data (exit 65), never a crash.
    ///
    /// ```swift
    /// JSONNumber(2.5)?.literal          // "2.5"
    /// JSONNumber(Double.nan)            // nil
    /// ```
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.doubleValue = value
        if value == value.rounded(), abs(value) < 1e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = "\(value)"
        }
    }

    /// `value` as a JSON number, or `NonFiniteNumberError` naming `what` for NaN or ±infinity.
    ///
    /// ```swift
    /// let cell = JSONValue.number(try JSONNumber.finite(area, "area_m2"))
    /// ```
    public static func finite(_ value: Double, _ what: @autoclosure () -> String) throws -> JSONNumber {
        guard let n = JSONNumber(value) else { throw NonFiniteNumberError(what: what(), value: value) }
        return n
    }

    public init(_ value: Int) {
        self.doubleValue = Double(value)
        self.literal = String(value)
    }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool { a.literal == b.literal }
    public func hash(into h: inout Hasher) { h.combine(literal) }
}

/// A number that JSON cannot hold (NaN, ±infinity) where a result needed one: bad data, never
/// a trap (the command line exits 65).
///
/// ```swift
/// do { _ = try JSONNumber.finite(.nan, "area_m2") } catch let e as NonFiniteNumberError { print(e) }
/// // area_m2 is nan, which JSON cannot hold (the input gave no finite number here)
/// ```
public struct NonFiniteNumberError: Error, Sendable, CustomStringConvertible {
    /// What the number was (a column, a property, a parameter).
    public var what: String
    public var value: Double
    public init(what: String, value: Double) {
        self.what = what
        self.value = value
    }
    public var description: String { "\(what) is \(value), which JSON cannot hold (the input gave no finite number here)" }
}

/// A JSON object that remembers the order of its keys (and so writes them back in that order).
///
/// ```swift
/// var props: JSONObject = ["name": "兰考县"]
/// props["adcode"] = .number(JSONNumber(410225))
/// for (key, value) in props { print(key, value.displayText) }
/// ```
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (k, v) in elements { self[k] = v }
    }

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; setting `nil` removes the key. Setting an existing key keeps its place.
    public subscript(key: String) -> JSONValue? {
        get {
            // Properties are small (a handful of keys): a linear scan beats hashing here.
            if let i = keys.firstIndex(of: key) { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let v = newValue { values[i] = v } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let v = newValue {
                keys.append(key)
                values.append(v)
            }
        }
    }

    /// An object of `keys` and `values` (the same count, no key twice: the reader checks that itself).
    init(uncheckedKeys keys: [String], values: [JSONValue]) {
        self.keys = keys
        self.values = values
    }

    /// Appends without looking for an existing key; the reader uses it after checking duplicates itself.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var i = 0
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], values[i])
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// A float literal is finite unless it overflows (`1e400`), which becomes `null`.
    public init(floatLiteral value: Double) { self = JSONNumber(value).map(JSONValue.number) ?? .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
