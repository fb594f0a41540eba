import Foundation
import TongchengGeometry

/// A document laid out on printed pages (A4 portrait by default): headings, paragraphs, tables
/// whose header row is repeated on every page they run over, and figures (a rendered map's SVG,
/// scaled into its box). Each `.section` starts a new page. The pages are SVG, drawn to one PDF by
/// librsvg and cairo as the maps are (fonts embedded, text searchable).
///
/// ```swift
/// var doc = PrintDocument(title: "兰考 · 规划数据报告")
/// doc.blocks = [.heading("规划要素"), .table(header: ["名称", "面积 km²"], rows: [["特别合作区", "30.00"]], numeric: [1])]
/// let pdf = try doc.pdf(date: "2025-06-01")
/// ```
public struct PrintDocument: Sendable {
    /// One piece of the document.
    public enum Block: Sendable {
        /// The document's title (large, bold).
        case title(String)
        /// A line under the title (grey).
        case meta(String)
        /// A section heading: starts a new page unless the page is still empty.
        case section(String)
        /// A heading inside a section (bold, a little larger than the text): no new page, kept with what follows it.
        case subheading(String)
        /// A paragraph, wrapped to the text width.
        case paragraph(String)
        /// A table: `numeric` columns are right-aligned; the header is repeated on each page.
        case table(header: [String], rows: [[String]], numeric: Set<Int>)
        /// A figure: an SVG document drawn into a box of the text width and `aspect` (height / width).
        case figure(svg: String, aspect: Double, caption: String?)
    }

    /// A laid-out page: its SVG, and the figures drawn into their boxes on top of it.
    public struct Page: Sendable {
        public var svg: String
        public var figures: [(svg: String, box: PageRect)]
    }

    public var title: String
    public var blocks: [Block] = []
    public var page: PageSize
    /// Margin on every side, px.
    public var margin = 15 * PageSize.pxPerMM

    public init(title: String, page: PageSize = PageSize.iso("A4", landscape: false)!) {
        self.title = title
        self.page = page
    }

    static let bodySize = 10.0, tableSize = 8.6, subheadingSize = 11.5, headingSize = 14.0, titleSize = 19.0, footerSize = 8.0
    static let fontFamily = RenderJob.fontFamily

    /// The pages, laid out top to bottom; a footer "title — k / n" on each.
    public func pages() -> [Page] {
        var layout = PageFlow(document: self)
        for block in blocks { layout.add(block) }
        return layout.finish()
    }

    /// The document as a PDF (one page per laid-out page); `date` as in `PrintOutput.pdf`.
    public func pdf(date: String? = nil) throws -> Data {
        try PrintOutput.pdf(pages: pages().map { ($0.svg, $0.figures) }, page: page, title: title, date: date)
    }
}

/// Lays blocks out on pages, top to bottom.
struct PageFlow {
    let document: PrintDocument
    var items: [[Item]] = [[]]
    var figures: [[(svg: String, box: PageRect)]] = [[]]
    var y: Double

    /// Something drawn on a page.
    enum Item {
        case text(x: Double, y: Double, text: String, size: Double, bold: Bool, color: String, anchor: String)
        case rect(PageRect, fill: String)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double)
    }

    init(document: PrintDocument) {
        self.document = document
        y = document.margin
    }

    var left: Double { document.margin }
    var width: Double { document.page.width - 2 * document.margin }
    var bottom: Double { document.page.height - document.margin - 20 }
    var pageIsEmpty: Bool { items[items.count - 1].isEmpty && figures[figures.count - 1].isEmpty }

    mutating func newPage() {
        items.append([])
        figures.append([])
        y = document.margin
    }

    mutating func ensure(_ height: Double) {
        if y + height > bottom, !pageIsEmpty { newPage() }
    }

    mutating func draw(_ item: Item) { items[items.count - 1].append(item) }

    mutating func add(_ block: PrintDocument.Block) {
        switch block {
        case .title(let text):
            for line in PageLayout.wrap(text, width: width, size: PrintDocument.titleSize) {
                ensure(PrintDocument.titleSize * 1.4)
                y += PrintDocument.titleSize
                draw(.text(x: left, y: y, text: line, size: PrintDocument.titleSize, bold: true, color: "#111111", anchor: "start"))
                y += PrintDocument.titleSize * 0.4
            }
        case .meta(let text):
            paragraph(text, size: PrintDocument.bodySize, color: "#666666")
            y += 4
        case .section(let text):
            if !pageIsEmpty { newPage() }
            y += PrintDocument.headingSize
            draw(.text(x: left, y: y, text: text, size: PrintDocument.headingSize, bold: true, color: "#111111", anchor: "start"))
            y += 5
            draw(.line(x1: left, y1: y, x2: left + width, y2: y, color: "#b03a2e", width: 1.5))
            y += 10
        case .subheading(let text):
            let size = PrintDocument.subheadingSize
            // Room for the heading and a few lines under it, so that it does not end a page alone.
            ensure(size * 1.5 + PrintDocument.bodySize * 6)
            y += 4
            for line in PageLayout.wrap(text, width: width, size: size, words: true) {
                ensure(size * 1.5)
                y += size * 1.15
                draw(.text(x: left, y: y, text: line, size: size, bold: true, color: "#111111", anchor: "start"))
                y += size * 0.35
            }
            y += 4
        case .paragraph(let text):
            paragraph(text, size: PrintDocument.bodySize, color: "#222222")
            y += 6
        case .table(let header, let rows, let numeric):
            table(header: header, rows: rows, numeric: numeric)
            y += 8
        case .figure(let svg, let aspect, let caption):
            var w = width, h = width * aspect
            let room = bottom - document.margin - (caption == nil ? 0 : 20)
            if h > room { h = room; w = h / aspect }
            ensure(h + (caption == nil ? 0 : 20))
            figures[figures.count - 1].append((svg, PageRect(x: left + (width - w) / 2, y: y, width: w, height: h)))
            y += h + 4
            if let caption {
                y += PrintDocument.bodySize
                draw(.text(x: left + width / 2, y: y, text: caption, size: PrintDocument.bodySize - 1, bold: false, color: "#555555", anchor: "middle"))
                y += 8
            }
        }
    }

    mutating func paragraph(_ text: String, size: Double, color: String) {
        for line in PageLayout.wrap(text, width: width, size: size, words: true) {
            ensure(size * 1.5)
            y += size * 1.15
            draw(.text(x: left, y: y, text: line, size: size, bold: false, color: color, anchor: "start"))
            y += size * 0.35
        }
    }

    /// Columns sized to their content (within the text width), cells wrapped, the header row
    /// drawn again at the top of each page the table continues on.
    mutating func table(header: [String], rows: [[String]], numeric: Set<Int>) {
        let size = PrintDocument.tableSize, pad = 4.0, lineHeight = size * 1.35
        let columns = header.count
        var natural = (0..<columns).map { c in ([header[c]] + rows.map { c < $0.count ? $0[c] : "" }).map { TextMetrics.width($0, size: size) }.max() ?? 0 }
        natural = natural.map { min(max($0, 24), width * 0.45) + 2 * pad }
        let total = natural.reduce(0, +)
        let widths = natural.map { $0 * width / max(total, 1) }
        func cells(_ row: [String], bold: Bool) -> (lines: [[String]], height: Double) {
            let lines = (0..<columns).map { c in PageLayout.wrap(c < row.count ? row[c] : "", width: widths[c] - 2 * pad, size: size, words: true) }
            return (lines, Double(lines.map(\.count).max() ?? 1) * lineHeight + 2 * pad - 2)
        }
        let head = cells(header, bold: true)
        func drawRow(_ row: (lines: [[String]], height: Double), header: Bool) {
            var x = left
            if header { draw(.rect(PageRect(x: left, y: y, width: width, height: row.height), fill: "#f3ece6")) }
            for c in 0..<columns {
                let right = numeric.contains(c) && !header
                for (k, line) in row.lines[c].enumerated() {
                    draw(.text(x: right ? x + widths[c] - pad : x + pad, y: y + pad + size * 0.95 + Double(k) * lineHeight, text: line, size: size,
                               bold: header, color: "#222222", anchor: right ? "end" : "start"))
                }
                x += widths[c]
            }
            y += row.height
            draw(.line(x1: left, y1: y, x2: left + width, y2: y, color: header ? "#888888" : "#cccccc", width: header ? 0.8 : 0.5))
        }
        ensure(head.height + lineHeight * 2)
        drawRow(head, header: true)
        for row in rows {
            let r = cells(row, bold: false)
            if y + r.height > bottom {
                newPage()
                drawRow(head, header: true)
            }
            drawRow(r, header: false)
        }
    }

    /// Every page's SVG, with its footer.
    func finish() -> [PrintDocument.Page] {
        let count = items.count
        return items.indices.map { k in
            var svg = SVGWriter()
            let p = document.page
            svg.openDocument([.width("\(SVGNumber.format(p.width / PageSize.pxPerMM))mm"), .height("\(SVGNumber.format(p.height / PageSize.pxPerMM))mm"),
                              .viewBox(0, 0, p.width, p.height), .fontFamily(PrintDocument.fontFamily), .lang("zh-CN")])
            for item in items[k] {
                switch item {
                case .text(let x, let y, let text, let size, let bold, let color, let anchor):
                    svg.element(.text, [.x(x), .y(y), .fontSize(size), .fill(color)] + (bold ? [.fontWeight("bold")] : []) + (anchor == "start" ? [] : [.textAnchor(anchor)]), text: text)
                case .rect(let r, let fill):
                    svg.element(.rect, [.x(r.x), .y(r.y), .width(r.width), .height(r.height), .fill(fill)])
                case .line(let x1, let y1, let x2, let y2, let color, let w):
                    svg.element(.line, [.x1(x1), .y1(y1), .x2(x2), .y2(y2), .stroke(color), .strokeWidth(w)])
                }
            }
            svg.element(.text, [.x(p.width - document.margin), .y(p.height - document.margin + 6), .fontSize(PrintDocument.footerSize), .fill("#777777"),
                                .textAnchor("end")], text: "\(document.title) — \(k + 1) / \(count)")
            return PrintDocument.Page(svg: svg.finish(), figures: figures[k])
        }
    }
}
