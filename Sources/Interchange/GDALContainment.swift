import CGDAL
import Foundation

/// What GDAL may do while Tongcheng reads a file: read that file and its sidecars, nothing else.
///
/// - **Drivers**: only the file formats in `readDrivers` may open an input. Virtual datasets
///   (`OGR_VRT`, which may name other files, `/vsicurl/` URLs or a WFS server), service drivers
///   (WFS, OAPIF, …) and the SQLite driver (VirtualOGR tables can open other files) are never
///   tried, whatever the file says it is.
/// - **Network**: every HTTP request GDAL would make through `CPLHTTPFetch` (schemas, WFS,
///   remote styles) is answered locally with an error, and GML schemas are not downloaded
///   (`DOWNLOAD_SCHEMA=NO`, `GML_DOWNLOAD_WFS_SCHEMA=NO`), GML xlinks are not followed
///   (`GML_SKIP_RESOLVE_ELEMS=ALL`) and `/vsicurl/` opens nothing (`CPL_VSIL_CURL_ALLOWED_EXTENSIONS`).
/// - **Writes**: no `.gfs` beside a GML file (`WRITE_GFS=NO`), no `.aux.xml` (`GDAL_PAM_ENABLED=NO`).
///
/// The driver names and options are those of GDAL 3.6 (`ogrinfo --format GML` lists the GML
/// open options, `gdal.org/user/configoptions.html` the configuration options).
///
/// ```swift
/// GDALContainment.configure()   // once, before GDALAllRegister (GDALSession does it)
/// ```
enum GDALContainment {
    /// The drivers an input may be opened with.
    static let readDrivers = ["ESRI Shapefile", "GPKG", "KML", "LIBKML", "DXF", "OpenFileGDB", "FlatGeobuf", "GML",
                              "CSV", "GeoJSON", "GeoJSONSeq", "MapInfo File", "GPX"]

    /// Open options for reading, passed to whichever of `readDrivers` opens the file (a driver
    /// ignores the options of others, with a harmless warning that `GDALSession` drops).
    static let readOpenOptions: [(String, String)] = [
        ("WRITE_GFS", "NO"), ("DOWNLOAD_SCHEMA", "NO"),  // GML
    ]

    /// Process-wide settings, made once before the drivers are registered.
    static func configure() {
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO")
        // KML (LIBKML): never fetch styles named by URL.
        CPLSetConfigOption("LIBKML_RESOLVE_STYLE", "NO")
        CPLSetConfigOption("LIBKML_EXTERNAL_STYLE", "NO")
        // GML: xlink:href references are not followed (they may name other files or URLs), and a
        // WFS response's schema is not downloaded.
        CPLSetConfigOption("GML_SKIP_RESOLVE_ELEMS", "ALL")
        CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", "NO")
        // /vsicurl/ talks to libcurl directly, not through CPLHTTPFetch: it opens only names with
        // these extensions, and no name ends with this one, so it refuses before any request.
        CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tongcheng-no-network")
        CPLHTTPSetFetchCallback(refuseHTTP, nil)
    }

    /// The allowed drivers as GDAL's `char **` list.
    static func allowedDrivers() -> CStringList {
        let list = CStringList()
        for d in readDrivers { list.add(d) }
        return list
    }
}

/// Answers every HTTP request GDAL would make with a local failure: no packet leaves the machine.
private let refuseHTTP: CPLHTTPFetchCallbackFunc = { url, _, _, _, _, _, _ in
    let result = CPLCalloc(1, MemoryLayout<CPLHTTPResult>.size).assumingMemoryBound(to: CPLHTTPResult.self)
    result.pointee.nStatus = 1
    let message = "network access is disabled: Tongcheng reads only local files (\(url.map { String(cString: $0) } ?? "a URL"))"
    result.pointee.pszErrBuf = CPLStrdup(message)
    return result
}
