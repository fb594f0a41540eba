import ArgumentParser
import TongchengCartography
import Foundation
import TongchengPlan
import TongchengRecipes
import TongchengReport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a recipe: named inputs, a chain of analysis steps, and outputs.",
        discussion: """
        The recipe format (YAML, version 1) is documented in docs/recipes.md, with every step \
        type and an example of each. The whole recipe is checked before any work starts: an \
        unknown layer name, a wrong parameter or a missing file is reported with its line and \
        step (exit 65). Paths are relative to the recipe file. A step used twice runs once.

        When it has run, each step's result is summarised on standard output (its tables for \
        people, at most 10 rows each; an empty result says so) and each output file is named on \
        standard error; --quiet prints neither, nor the progress line.

        Examples:
          tongcheng run examples/towns-near-hsr.yaml
          tongcheng run examples/kaifeng-counties-reach.yaml --dry-run
        """
    )

    @Argument(help: ArgumentHelp("The recipe file (YAML).", valueName: "RECIPE"))
    var recipe: String

    @Flag(help: "Check the recipe and print its steps and outputs without running them.")
    var dryRun = false

    @Option(help: ArgumentHelp("Plan folder for plan.<layer> names and places (default: the recipe's plan key, else the bundled plan).", valueName: "DIR"))
    var plan: String?

    @Option(name: .customLong("jobs"), help: "Threads to use: 1 or more, or auto (all cores).")
    var jobCount: JobCount = .auto
    var jobs: Int { jobCount.count }

    @Flag(name: .customLong("allow-outside"), help: "Let the recipe write outputs outside its own folder (refused otherwise).")
    var allowOutside = false

    @Flag(name: .shortAndLong, help: "Print no summary of the steps, no list of the outputs and no progress.")
    var quiet = false

    @Option(help: "Run the steps that can on this engine: local or postgis (SQL in the database of --db). Overrides the recipe's engine:; a step's own engine: still wins.")
    var engine: Engine?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try guarded {
            let r: Recipe
            do { r = try Recipe.load(file: recipe, planDirectory: plan) } catch let e as RecipeError {
                throw CommandFailure(code: e.line == 0 && !FileManager.default.fileExists(atPath: recipe) ? SysExit.noInput : e.usage ? SysExit.usage : SysExit.dataError, message: e.description)
            }
            var runner = RecipeRunner(recipe: r, jobs: jobs, mapRenderer: renderMapSpec)
            runner.allowOutside = allowOutside
            runner.engine = engine
            runner.conninfo = database.conninfo
            if dryRun {
                try Output.writeReadable(runner.describe(), to: nil)
                return
            }
            let results: [String: StepResult]
            do {
                results = try ProgressLine.show(quiet: quiet) { progress in
                    runner.progress = progress
                    return try runner.run()
                }
            } catch let e as RecipeError {
                throw CommandFailure(code: e.usage ? SysExit.usage : SysExit.dataError, message: e.description)
            }
            guard !quiet else { return }
            let summary = RecipeSummary(recipe: r, results: results)
            try Output.writeReadable(summary.text(), to: nil)
            for line in summary.written() { Terminal.note(line) }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The plan report: layout map, element areas and lengths, reach, isochrone, overlaps, special-zone checks.",
        discussion: """
        For a planning office's memo. HTML (the interactive layout map embedded, no external \
        resources; printing it gives A4 pages with the static map, a page per section and table \
        headers repeated), Markdown, or PDF (A4 pages laid out by Tongcheng and drawn by librsvg \
        and cairo, fonts embedded, text searchable), by the output's extension or --format. \
        Areas in km², 公顷 and 亩 (two decimals).

        Examples:
          tongcheng report -o report.html
          tongcheng report -o report.pdf
          tongcheng report --plan my-plan/ -o report.md
        """
    )

    @OptionGroup var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "html, md or pdf (values: html, md, pdf; default: html, or the format -o's extension names).")
    var format: String?

    @Option(name: .customLong("jobs"), help: "Threads to use: 1 or more, or auto (all cores).")
    var jobCount: JobCount = .auto
    var jobs: Int { jobCount.count }

    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only on a terminal, for work over 2 s).")
    var quiet = false

    /// HTML, Markdown or PDF, by `--format` or the extension of `-o`; the two must agree.
    func validate() throws {
        var named: String?
        if let format {
            switch format.lowercased() {
            case "html", "md", "pdf": named = format.lowercased()
            default: throw ValidationError("--format \(format): expected html, md or pdf")
            }
        }
        if let path = output.output, path != "-" {
            if let named, named != chosen(path) { throw ValidationError("--format \(named) does not match -o \(path)") }
            if chosen(path) == nil { throw ValidationError("-o \(path): the name must end in .html, .md or .pdf, so that it says what it holds") }
        }
    }

    /// The format an output's extension names.
    func chosen(_ path: String) -> String? {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "html"
        case "md", "markdown": return "md"
        case "pdf": return "pdf"
        default: return nil
        }
    }

    func run() throws {
        try guarded {
            let kind = format?.lowercased() ?? output.output.flatMap { $0 == "-" ? nil : chosen($0) } ?? "html"
            let loaded = try Plan.load(directory: plan.directory)
            let spec = PlanReport.layoutSpec(planDirectory: plan.directory)
            let hasSpec = FileManager.default.fileExists(atPath: spec)
            let (report, map) = try ProgressLine.show(quiet: quiet) { progress -> (PlanReport, RenderedMap?) in
                progress?.start("report: the layout map")
                // Rendered for every format, so that the report (and `leftOut`) knows it is there.
                let map = hasSpec ? try TongchengCartography.MapRenderer(planDirectory: plan.directory).render(file: spec) : nil
                let viewer = try map.map { try MapViewer.page($0) }
                var report = try PlanReport(plan: loaded, layoutMap: viewer, jobs: jobs, progress: progress)
                if kind == "html" { report.staticMap = map?.svg }
                return (report, map)
            }
            for omission in report.leftOut { Terminal.warning("the report leaves out \(omission)") }
            switch kind {
            case "md": try Output.write(report.markdown(), to: output.output, inputs: [spec])
            case "pdf": try Output.write([UInt8](try ReportPrint.document(report, map: map).pdf(date: report.date)), to: output.output, inputs: [spec])
            default: try Output.write(report.html(), to: output.output, inputs: [spec])
            }
        }
    }
}
