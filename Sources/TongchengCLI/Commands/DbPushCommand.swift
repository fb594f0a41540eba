import ArgumentParser
import Foundation
import TongchengGeometry
import TongchengPostGIS

/// `tongcheng db push FILE… --table NAME`: files into PostGIS tables.
struct DbPushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Copy layers into PostGIS tables (binary COPY, typed columns, GiST index, ANALYZE).",
        discussion: """
        One table per input, named by --table (once per file, in order) or after the file \
        (counties.geojson → counties). Columns follow the properties: text, bigint, double \
        precision, boolean, date (YYYY-MM-DD strings), jsonb (objects, arrays, mixed kinds); the \
        feature id goes to "id" (marked so that pull gives it back as the id); the geometry to \
        geom geometry(Geometry, 4326). Names are quoted as given, never interpreted. Without \
        --replace or --append an existing table is refused (exit 73). Each table is written in \
        one transaction: a failure leaves the database as it was.

        Examples:
          tongcheng db push geodata/henan_counties.geojson --table henan_counties
          tongcheng db push geodata/plan/zone.geojson --table zones --schema plan \\
              --replace
          tongcheng db push a.geojson b.geojson --table parcels --append
        """
    )

    @Argument(help: ArgumentHelp("Sources (any format; 'FILE|layer=NAME|crs=EPSG:XXXX'), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("Table name (repeat once per file; one name with --append takes every file).", valueName: "NAME"))
    var table: [String] = []

    @Option(help: ArgumentHelp("Schema of the tables (default: the first of the database's search_path).", valueName: "S"))
    var schema: String?

    @Flag(help: "Drop an existing table of that name first.")
    var replace = false

    @Flag(help: "Add the rows to an existing table (its column types decide; a property without a column is an error).")
    var append = false

    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to push") }
        if replace && append { throw ValidationError("--replace and --append exclude each other") }
        if !table.isEmpty && table.count != files.count && !(table.count == 1 && append) {
            throw ValidationError("give one --table per file (\(files.count)), or one --table with --append")
        }
        if table.isEmpty && files.contains("-") { throw ValidationError("standard input has no file name: name its table with --table") }
    }

    func run() throws {
        try guarded {
            let names: [SQLName] = try files.indices.map { k in
                let text = table.isEmpty ? ((files[k] as NSString).lastPathComponent as NSString).deletingPathExtension : table[min(k, table.count - 1)]
                return try SQLName.table(text, schema: schema)
            }
            let db = try database.connect()
            for (k, path) in files.enumerated() {
                let loaded = try loadInputs([path], options: interchange.read, conninfo: database.conninfo)[0]
                let mode: TablePush.Mode = append ? .append : (replace ? .replace : .create)
                let rows = try TablePush.push(loaded.collection, to: names[k], mode: mode, on: db, source: loaded.name)
                try Output.writeReadable("\(names[k].display): \(rows) feature\(rows == 1 ? "" : "s") from \(loaded.name)\(append ? " appended" : "")\n", to: nil)
            }
        }
    }
}
