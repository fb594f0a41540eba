import TongchengProcessIO

/// Text from input quoted in a message, kept short: a line of a recipe or a file can be a secret
/// (`/proc/self/environ`) or a megabyte long, and a message quotes at most about 120 characters.
///
/// ```swift
/// TextExcerpt.short(String(repeating: "x", count: 1_000_000))   // 119 x's, then "… (999,881 more characters)"
/// ```
public enum TextExcerpt {
    /// Characters kept by default.
    public static let limit = 120

    /// `text` itself when it has at most `limit` characters, else its first `limit - 1` and how many more there were.
    public static func short(_ text: String, limit: Int = TextExcerpt.limit) -> String {
        guard text.count > limit else { return text }
        let rest = text.count - (limit - 1)
        return String(text.prefix(limit - 1)) + "… (\(rest) more characters)"
    }

    /// A message as it may reach a terminal: every line cut at `lineLimit` characters and
    /// control characters made visible (`TerminalText.visible`, line breaks kept). The CLI's
    /// `Terminal` and the readers' default warning path both write through it.
    ///
    /// ```swift
    /// TextExcerpt.forTerminal("zones\u{1B}[2J.shp: no .cpg")   // "zones\\u{1B}[2J.shp: no .cpg"
    /// ```
    public static func forTerminal(_ message: String, lineLimit: Int = 1_000) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { short(String($0), limit: lineLimit) }
        return TerminalText.visible(lines.joined(separator: "\n"), keepLineBreaks: true)
    }
}
