import ArgumentParser
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

    func run() throws {
        try guarded {
            let r: Recipe
            do { r = try Recipe.load(file: recipe, planDirectory: plan) } catch let e as RecipeError {
                throw CommandFailure(code: e.line == 0 && !FileManager.default.fileExists(atPath: recipe) ? SysExit.noInput : SysExit.dataError, message: e.description)
            }
            var runner = RecipeRunner(recipe: r, jobs: jobs, mapRenderer: renderMapSpec)
            runner.allowOutside = allowOutside
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
                throw CommandFailure.data(e.description)
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
        One page a planning office can attach to a memo. HTML (the interactive layout map \
        embedded, no external resources) or Markdown, by the output's extension. PDF is refused \
        (exit 64) until the report can be made as a real PDF; the map alone is: \
        tongcheng render maps/layout.yaml -o layout.pdf.

        Examples:
          tongcheng report -o report.html
          tongcheng report --plan my-plan/ -o report.md
        """
    )

    @OptionGroup var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "html or md (values: html, md; default: html, or the format -o's extension names).")
    var format: String?

    @Option(name: .customLong("jobs"), help: "Threads to use: 1 or more, or auto (all cores).")
    var jobCount: JobCount = .auto
    var jobs: Int { jobCount.count }

    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only on a terminal, for work over 2 s).")
    var quiet = false

    /// HTML or Markdown, by `--format` or the extension of `-o`; the two must agree, and PDF is
    /// refused rather than written as HTML under a .pdf name.
    func validate() throws {
        let pdfHint = "a PDF report is not made yet: write -o report.html and print it from a browser, or draw the map alone with tongcheng render maps/layout.yaml -o layout.pdf"
        var named: String?
        if let format {
            switch format.lowercased() {
            case "html", "md": named = format.lowercased()
            case "pdf": throw ValidationError(pdfHint)
            default: throw ValidationError("--format \(format): expected html or md")
            }
        }
        if let path = output.output, path != "-" {
            let byExtension: String
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": byExtension = "html"
            case "md", "markdown": byExtension = "md"
            case "pdf": throw ValidationError(pdfHint)
            default: throw ValidationError("-o \(path): the name must end in .html or .md, so that it says what it holds")
            }
            if let named, named != byExtension { throw ValidationError("--format \(named) does not match -o \(path)") }
        }
    }

    func run() throws {
        try guarded {
            let loaded = try Plan.load(directory: plan.directory)
            let spec = PlanReport.layoutSpec(planDirectory: plan.directory)
            let report = try ProgressLine.show(quiet: quiet) { progress in
                progress?.start("report: the layout map")
                let viewer = FileManager.default.fileExists(atPath: spec) ? try renderMapSpec(spec, plan.directory, "layout.html") : nil
                return try PlanReport(plan: loaded, layoutMap: viewer, jobs: jobs, progress: progress)
            }
            for omission in report.leftOut { Terminal.warning("the report leaves out \(omission)") }
            let markdown = (format ?? "") == "md" || (format == nil && (output.output ?? "").hasSuffix(".md"))
            try Output.write(markdown ? report.markdown() : report.html(), to: output.output, inputs: [spec])
        }
    }
}
