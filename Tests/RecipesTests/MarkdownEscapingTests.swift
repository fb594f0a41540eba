import Testing
@testable import TongchengRecipes
import TongchengReport

/// The Markdown report passes no HTML, link or table separator from the data through (issue 18).
@Suite struct MarkdownEscapingTests {
    @Test func htmlLinksAndPipesAreInert() {
        #expect(PlanReport.markdownText("<script>alert(1)</script>") == #"&lt;script&gt;alert\(1\)&lt;/script&gt;"#)
        #expect(PlanReport.markdownText("[click](javascript:alert(1))") == #"\[click\]\(javascript:alert\(1\)\)"#)
        #expect(PlanReport.markdownText("a|b") == #"a\|b"#)
        #expect(PlanReport.markdownText("line\nbreak") == "line break")
        #expect(PlanReport.markdownText("兰考县") == "兰考县")
    }

    @Test func controlCharactersAreShownEscaped() {
        #expect(PlanReport.markdownText("a\u{1B}[31m") == #"a\\u{1B}\[31m"#)
    }
}
