import ArgumentParser

/// `tongcheng db`: move layers between files and PostgreSQL/PostGIS.
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move layers between files and a PostGIS database (push, pull).",
        discussion: """
        The connection is --db CONNINFO (a libpq keyword string or a postgresql:// URI), else the \
        TONGCHENG_DB variable, else the standard PG* variables. Passwords are never printed. An \
        unreachable server exits 69 with the host and the server's reason. More: docs/postgis.md.

        Examples:
          tongcheng db push geodata/henan_counties.geojson --table henan_counties \\
              --replace
          tongcheng db pull henan_counties -o counties.geojson
          tongcheng area pg:henan_counties --engine postgis --unit km2
        """,
        subcommands: [DbPushCommand.self, DbPullCommand.self]
    )
}
