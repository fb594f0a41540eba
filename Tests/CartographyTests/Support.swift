import Foundation
@testable import TongchengCartography
import TongchengGeometry

/// The package root: specs, maps and geodata are read from there.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let mapsFolder = packageRoot.appendingPathComponent("maps").path
let geodataFolder = packageRoot.appendingPathComponent("geodata").path

/// Renders a committed spec (`maps/NAME.yaml`).
func renderCommitted(_ name: String) throws -> RenderedMap {
    try MapRenderer(planDirectory: geodataFolder).render(file: mapsFolder + "/" + name + ".yaml")
}

/// Parses a spec written in the test, relative to a fresh temporary folder (or `base`).
func spec(_ yaml: String, base: String? = nil, name: String = "test.yaml") throws -> MapSpec {
    let folder = base ?? temporaryFolder()
    return try MapSpec.parse(yaml: yaml, file: folder + "/" + name, baseDirectory: folder)
}

/// A new empty folder under the system's temporary folder.
func temporaryFolder() -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cartography-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Every element of an SVG document: its name and attributes in document order (XML-parsed, so
/// a document that is not well-formed fails here).
struct XMLElementRecord {
    var name: String
    var attributes: [String: String]
    var text: String
}

#if canImport(FoundationXML)
import FoundationXML
#endif

final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [XMLElementRecord] = []
    private var stack: [Int] = []
    var error: Error?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(XMLElementRecord(name: name, attributes: attributes, text: ""))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

struct SVGParseError: Error, CustomStringConvertible {
    var description: String
}

/// The elements of an SVG document; throws when it is not well-formed XML.
func parseSVG(_ svg: String) throws -> [XMLElementRecord] {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    guard parser.parse() else { throw SVGParseError(description: "not well-formed: \(collector.error.map { "\($0)" } ?? "?") at line \(parser.lineNumber)") }
    return collector.elements
}

/// The vertices of the M/L commands of path data (symbols' arcs are skipped by the callers).
func polylines(_ d: String) -> [[Position]] {
    var runs: [[Position]] = []
    var numbers: [Double] = []
    var current = ""
    func flushNumber() {
        if !current.isEmpty, let v = Double(current) { numbers.append(v) }
        current = ""
    }
    func flushPair() {
        if numbers.count == 2 {
            runs[runs.count - 1].append(Position(numbers[0], numbers[1]))
        }
        numbers = []
    }
    for c in d {
        switch c {
        case "M":
            flushNumber(); flushPair()
            runs.append([])
        case "L", "Z":
            flushNumber(); flushPair()
        case " ":
            flushNumber()
        default:
            current.append(c)
        }
    }
    flushNumber(); flushPair()
    return runs
}
