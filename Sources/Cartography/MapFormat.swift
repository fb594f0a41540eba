import Foundation

/// The files a map can be written as. A format is named by the output's extension or by
/// `--format`; the two must agree, so that no format is ever written under another's extension.
///
/// ```swift
/// MapFormat(fileExtensionOf: "maps/layout.pdf")   // .pdf
/// MapFormat(fileExtensionOf: "map.txt")           // nil
/// MapFormat.pdf.path(replacingExtensionOf: "maps/layout.svg")   // "maps/layout.pdf"
/// ```
public enum MapFormat: String, Sendable, CaseIterable {
    /// The SVG document (the one rendering; every other format is made from it).
    case svg
    /// The SVG inside a self-contained interactive page (`MapViewer`).
    case html
    /// A one-page PDF of the spec's page size, fonts embedded, text kept as text (`PrintOutput`).
    case pdf
    /// A PNG of the page at a resolution in dpi (`PrintOutput`).
    case png

    /// The format a file name's extension names (`.svg`, `.html`/`.htm`, `.pdf`, `.png`; any case).
    public init?(fileExtensionOf path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "svg": self = .svg
        case "html", "htm": self = .html
        case "pdf": self = .pdf
        case "png": self = .png
        default: return nil
        }
    }

    /// The usual extension.
    public var fileExtension: String { rawValue }

    /// `path` with its extension replaced by this format's.
    public func path(replacingExtensionOf path: String) -> String {
        (path as NSString).deletingPathExtension + "." + fileExtension
    }

    /// Whether the format is bytes rather than text.
    public var isBinary: Bool { self == .pdf || self == .png }
}
