import CRsvg
import Foundation

/// Print output: a rendered map's SVG drawn by librsvg onto a cairo PDF or PNG surface, in this
/// process (no `rsvg-convert` child). The PDF page has the spec's size (A3 landscape is 420 × 297 mm),
/// its text stays text (cairo embeds subsets of the fonts fontconfig picks — Noto Sans CJK SC from
/// `fonts-noto-cjk` for the bundled maps — with a ToUnicode map, so labels can be searched and
/// copied), and a PNG has the page's size at the resolution asked for.
///
/// Both return the file's bytes; writing them (atomically) is the caller's job.
///
/// ```swift
/// let map = try MapRenderer().render(file: "maps/layout.yaml")
/// let pdf = try PrintOutput.pdf(svg: map.svg, page: map.page, title: "兰考")
/// let png = try PrintOutput.png(svg: map.svg, page: map.page, dpi: 300)
/// ```
public enum PrintOutput {
    /// Points (1/72 in) per SVG user unit (1/96 in).
    static let pointsPerPx = 72.0 / 96.0

    /// The map as a one-page PDF of the page's size; `title` goes into the document information.
    /// `date` (YYYY, YYYY-MM or YYYY-MM-DD: the map's date) is the creation date, so the same map
    /// gives the same bytes; without it cairo writes the current time.
    public static func pdf(svg: String, page: PageSize, title: String? = nil, date: String? = nil) throws -> Data {
        let handle = try SVGHandle(svg)
        let width = page.width * pointsPerPx, height = page.height * pointsPerPx
        let sink = ByteSink()
        let surface = try pdfSurface(into: sink, width: width, height: height, creator: "tongcheng render (librsvg, cairo)", title: title, date: date)
        defer { cairo_surface_destroy(surface) }
        try draw(handle, on: surface, width: width, height: height, background: false)
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface), "PDF")
        return withExtendedLifetime(sink) { sink.data }
    }

    /// A PDF surface of `width` × `height` points that appends its bytes to `sink`, with the
    /// document information set (shared by the one-page map and the many-page report). The caller
    /// destroys it and keeps `sink` alive until the surface is finished.
    fileprivate static func pdfSurface(into sink: ByteSink, width: Double, height: Double, creator: String, title: String?, date: String?) throws -> OpaquePointer {
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, context, width, height) else { throw PrintError(message: "cairo could not make a PDF surface") }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator)
        if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
        if let date, let iso = isoDate(date) { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, iso) }
        return surface
    }

    /// Several pages of one size as one PDF: each page's SVG drawn over the whole page, then its
    /// figures (whole SVG documents, such as a rendered map) drawn into their boxes (px).
    ///
    /// ```swift
    /// let pdf = try PrintOutput.pdf(pages: [(pageSVG, [(mapSVG, PageRect(x: 57, y: 120, width: 680, height: 480))])],
    ///                               page: .iso("A4", landscape: false)!, title: "报告")
    /// ```
    public static func pdf(pages: [(svg: String, figures: [(svg: String, box: PageRect)])], page: PageSize, title: String? = nil, date: String? = nil) throws -> Data {
        let width = page.width * pointsPerPx, height = page.height * pointsPerPx
        let sink = ByteSink()
        let surface = try pdfSurface(into: sink, width: width, height: height, creator: "tongcheng (librsvg, cairo)", title: title, date: date)
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw PrintError(message: "cairo could not make a context") }
        defer { cairo_destroy(cr) }
        for p in pages {
            try render(try SVGHandle(p.svg), on: cr, viewport: RsvgRectangle(x: 0, y: 0, width: width, height: height))
            for f in p.figures {
                let box = RsvgRectangle(x: f.box.x * pointsPerPx, y: f.box.y * pointsPerPx, width: f.box.width * pointsPerPx, height: f.box.height * pointsPerPx)
                try render(try SVGHandle(f.svg), on: cr, viewport: box)
            }
            cairo_show_page(cr)
        }
        try check(cairo_status(cr), "drawing")
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface), "PDF")
        return withExtendedLifetime(sink) { sink.data }
    }

    private static func render(_ handle: SVGHandle, on cr: OpaquePointer, viewport: RsvgRectangle) throws {
        var viewport = viewport
        var error: UnsafeMutablePointer<GError>?
        if rsvg_handle_render_document(handle.pointer, cr, &viewport, &error) == 0 {
            throw PrintError(message: "librsvg could not draw a page: " + SVGHandle.message(error))
        }
    }

    /// The map as a PNG at `dpi` (24–1200) on a white background.
    public static func png(svg: String, page: PageSize, dpi: Double) throws -> Data {
        guard dpi >= 24, dpi <= 1200 else { throw PrintError(message: "the resolution must be between 24 and 1200 dpi") }
        let handle = try SVGHandle(svg)
        let width = (page.width * dpi / 96).rounded(), height = (page.height * dpi / 96).rounded()
        // cairo's image surfaces hold at most 32,767 px a side; 400 million pixels (1.6 GB) is ours.
        guard width <= 32_767, height <= 32_767, width * height <= 400e6 else {
            let most = min(32_767 * 96 / page.width, 32_767 * 96 / page.height, (400e6 * 96 * 96 / (page.width * page.height)).squareRoot())
            throw PrintError(message: "a PNG of this page at \(Int(dpi)) dpi would be \(Int(width)) × \(Int(height)) px, over the limit of 32,767 px a side and 400 million pixels: give --dpi \(Int(most.rounded(.down))) or less",
                             tooLarge: true)
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw PrintError(message: "cairo could not make an image surface")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "PNG")
        try draw(handle, on: surface, width: width, height: height, background: true)
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        try check(status, "PNG")
        return withExtendedLifetime(sink) { sink.data }
    }

    private static func draw(_ handle: SVGHandle, on surface: OpaquePointer, width: Double, height: Double, background: Bool) throws {
        guard let cr = cairo_create(surface) else { throw PrintError(message: "cairo could not make a context") }
        defer { cairo_destroy(cr) }
        if background {
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
        }
        var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        if rsvg_handle_render_document(handle.pointer, cr, &viewport, &error) == 0 {
            throw PrintError(message: "librsvg could not draw the map: " + SVGHandle.message(error))
        }
        try check(cairo_status(cr), "drawing")
    }

    /// "2025-06" → "2025-06-01T00:00:00Z" (cairo takes ISO 8601); `nil` for anything else.
    static func isoDate(_ date: String) -> String? {
        let parts = date.split(separator: "-").map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let padded = parts + Array(repeating: "01", count: 3 - parts.count)
        return padded.joined(separator: "-") + "T00:00:00Z"
    }

    private static func check(_ status: cairo_status_t, _ what: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PrintError(message: "cairo (\(what)): " + String(cString: cairo_status_to_string(status)))
        }
    }
}

/// A print output that could not be made.
///
/// ```swift
/// do { _ = try PrintOutput.png(svg: "<svg", page: .iso("A4", landscape: true)!, dpi: 96) }
/// catch let e as PrintError { print(e) }
/// ```
public struct PrintError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The output asked for is over a size limit (a usage error, not a failure).
    public var tooLarge = false
    public var description: String { message }

    public init(message: String, tooLarge: Bool = false) {
        self.message = message
        self.tooLarge = tooLarge
    }
}

/// Bytes collected from cairo's stream callbacks (used on one thread, within one call).
private final class ByteSink {
    var data = Data()
}

/// A parsed SVG document, owned: the handle is released when this goes. The document is read
/// from memory with no base file, so it cannot load anything from outside.
private final class SVGHandle {
    let pointer: UnsafeMutablePointer<RsvgHandle>

    init(_ svg: String) throws {
        var error: UnsafeMutablePointer<GError>?
        let bytes = Array(svg.utf8)
        let handle = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        guard let handle else { throw PrintError(message: "librsvg could not read the map: " + SVGHandle.message(error)) }
        pointer = handle
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }

    /// The error's message; the error is freed.
    static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }
}
