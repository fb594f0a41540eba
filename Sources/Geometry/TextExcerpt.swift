/// Text from input quoted in a message, kept short: a line of a recipe or a file can be a secret
/// (`/proc/self/environ`) or a megabyte long, and a message quotes at most about 120 characters.
///
/// ```swift
/// TextExcerpt.short(String(repeating: "x", count: 1_000_000))   // 119 x's, then "… (999,881 more characters)"
/// ```
public enum TextExcerpt {
    public static let limit = 120

    public static func short(_ text: String, limit: Int = TextExcerpt.limit) -> String {
        guard text.count > limit else { return text }
        let rest = text.count - (limit - 1)
        return String(text.prefix(limit - 1)) + "… (\(rest) more characters)"
    }
}
