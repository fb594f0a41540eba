import ArgumentParser
import Foundation
import Geodesy
import Geometry
import Topology
import Recipes
import Analysis
import Cartography
import Plan

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
    /// EX_SOFTWARE: an internal error.
    public static let software: Int32 = 70
    /// EX_CANTCREAT: the output cannot be written.
    public static let cannotCreate: Int32 = 73
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
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        let (code, message) = classify(error)
        Terminal.error(message)
        throw ExitCode(code)
    }
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
        }
    case let e as QuantityError: return (SysExit.usage, e.description)
    case let e as TopologyError: return (SysExit.dataError, e.description)
    case let e as OutputError: return (SysExit.cannotCreate, e.description)
    case let e as InvalidGeometryError: return (SysExit.dataError, e.description)
    case let e as GazetteerError: return (SysExit.usage, e.description)
    case let e as PlanLoadError: return (SysExit.dataError, e.description)
    case let e as RecipeError: return (SysExit.dataError, e.description)
    case let e as MapSpecError: return (RenderCommand.exitCode(e.kind), e.description)
    default: return (SysExit.software, "internal error: \(error)")
    }
}

/// Messages to the user on stderr.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("tongcheng: error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("tongcheng: \(message)\n".utf8))
    }
}
