import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology
import TongchengRecipes
import TongchengAnalysis
import TongchengCartography
import TongchengPlan
import TongchengPostGIS
import TongchengInterchange
import TongchengProcessIO
import TongchengOperations

/// Exit codes from sysexits(3), the contract scripts rely on.
///
/// ```swift
/// throw ExitCode(SysExit.dataError)  // 65
/// ```
public enum SysExit {
    public static let ok: Int32 = 0
    /// EX_USAGE: the command was used wrongly (bad option, bad unit, unknown CRS).
    public static let usage: Int32 = 64
    /// EX_DATAERR: the input data is wrong (malformed JSON, bad geometry).
    public static let dataError: Int32 = 65
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    public static let noInput: Int32 = 66
    /// EX_UNAVAILABLE: a service (the PostgreSQL server) cannot be reached.
    public static let unavailable: Int32 = 69
    /// EX_SOFTWARE: an internal error.
    public static let software: Int32 = 70
    /// EX_CANTCREAT: the output cannot be written.
    public static let cannotCreate: Int32 = 73
    /// EX_IOERR: writing failed part-way (a full disk, `/dev/full`, a closed standard output).
    public static let ioError: Int32 = 74
    /// EX_CONFIG: the installation is misconfigured (PROJ_DATA without proj.db).
    public static let config: Int32 = 78
    /// The reader of standard output went away (EPIPE): the shell's code for SIGPIPE, without the signal.
    public static let brokenPipe: Int32 = 141
}

/// An error that the CLI reports with a given exit code.
struct CommandFailure: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { message }

    static func usage(_ m: String) -> CommandFailure { CommandFailure(code: SysExit.usage, message: m) }
    static func data(_ m: String) -> CommandFailure { CommandFailure(code: SysExit.dataError, message: m) }
}

/// Runs a command body, turning every error into a message on stderr and a sysexits code.
///
/// Standard output and error never crash the run: EPIPE ends it quietly with 141 (what a shell
/// reports for `| head`), any other write failure with one line and 74.
func guarded(_ body: () throws -> Void) throws {
    StandardStreams.ignoreBrokenPipeSignal()
    StatusLine.install()
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as SafeOutputError where e.kind == .brokenPipe {
        throw ExitCode(SysExit.brokenPipe)
    } catch {
        let (code, message) = classify(error)
        Terminal.error(message)
        throw ExitCode(code)
    }
    if StandardStreams.messageFailed { throw ExitCode(SysExit.ioError) }
}

func classify(_ error: Error) -> (Int32, String) {
    switch error {
    case let e as CommandFailure: return (e.code, e.message)
    case let e as GeoJSONError:
        switch e.kind {
        case .missingFile, .unreadableFile: return (SysExit.noInput, e.description)
        case .malformedJSON, .invalidGeoJSON: return (SysExit.dataError, e.description)
        }
    case let e as ProjectionError:
        switch e {
        case .unknownCRS: return (SysExit.usage, e.description)
        case .transformFailed: return (SysExit.dataError, e.description)
        case .dataMissing: return (SysExit.config, e.description)
        }
    case let e as InterchangeError:
        switch e.kind {
        case .missingFile: return (SysExit.noInput, e.description)
        case .badData: return (SysExit.dataError, e.description)
        case .usage: return (SysExit.usage, e.description)
        case .cannotWrite: return (SysExit.cannotCreate, e.description)
        }
    case let e as QuantityError: return (SysExit.usage, e.description)
    case let e as TopologyError: return (SysExit.dataError, e.description)
    case let e as NonFiniteNumberError: return (SysExit.dataError, e.description)
    case let e as SafeOutputError:
        switch e.kind {
        case .isInput: return (SysExit.usage, e.description)
        case .cannotCreate: return (SysExit.cannotCreate, e.description)
        case .ioError, .brokenPipe: return (SysExit.ioError, e.description)
        }
    case let e as InputFileError: return (e.kind == .missing ? SysExit.noInput : e.kind == .tooLarge ? SysExit.dataError : SysExit.noInput, e.description)
    case let e as SiteSearchError: return (SysExit.usage, e.description)
    case let e as InvalidGeometryError: return (SysExit.dataError, e.description)
    case let e as FeatureDataError: return (SysExit.dataError, e.description)
    case let e as DeductionCoefficientError: return (SysExit.dataError, e.description)
    case let e as ClassCodeError: return (SysExit.usage, e.description)
    case let e as UnknownFieldError: return (SysExit.usage, e.description)
    case let e as NetworkSpeedError: return (SysExit.dataError, e.description)
    case let e as GazetteerError: return (SysExit.usage, e.description)
    case let e as PlanLoadError: return (SysExit.dataError, e.description)
    case let e as RecipeError: return (e.usage ? SysExit.usage : SysExit.dataError, e.description)
    case let e as ParameterError: return (SysExit.usage, e.message(option: true))
    case let e as EngineChoiceError: return (SysExit.usage, e.description)
    case let e as DatabaseError: return (e.exitCode, e.description)
    case let e as MapSpecError: return (RenderCommand.exitCode(e.kind), e.description)
    default: return (SysExit.software, "internal error: \(error)")
    }
}

/// Messages to the user on stderr (a failed write is remembered and ends the run with 74): the
/// one path for errors, notes and warnings (GDAL's text included), each with control characters
/// made visible and every line cut at `lineLimit` characters (a megabyte of input quoted in a
/// message stays one short line).
enum Terminal {
    static let lineLimit = 1_000

    static func error(_ message: String) { StandardStreams.message("tongcheng: error: \(shown(message))\n") }

    static func note(_ message: String) { StandardStreams.message("tongcheng: \(shown(message))\n") }

    /// Through `StandardStreams`, like the others, so that a progress line is erased first.
    static func warning(_ message: String) { StandardStreams.message("tongcheng: warning: \(shown(message))\n") }

    static func shown(_ message: String) -> String { TextExcerpt.forTerminal(message, lineLimit: lineLimit) }
}
