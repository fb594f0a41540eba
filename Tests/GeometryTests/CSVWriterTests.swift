import Testing
@testable import TongchengGeometry

/// The one CSV writer (issue 17, problem 3): plain numbers, JSON keys as the header, RFC 4180
/// quoting, a UTF-8 BOM on request, formula-like text defused (issue 18).
@Suite struct CSVWriterTests {
    @Test func numbersArePlainAndTextIsQuotedOnlyWhenNeeded() {
        let text = CSVWriter().string(header: ["id", "name", "area_m2", "fraction", "note"], rows: [
            [.number(JSONNumber(410225)), .string("兰考县"), .number(JSONNumber(1106493952.25)!), .number(JSONNumber(0.0529468387)!), .null],
            [.string("a,b"), .string("say \"hi\""), .number(JSONNumber(-3.5)!), .bool(true), .string("two\nlines")],
        ])
        #expect(text == "id,name,area_m2,fraction,note\n410225,兰考县,1106493952.25,0.0529468387,\n\"a,b\",\"say \"\"hi\"\"\",-3.5,true,\"two\nlines\"\n")
        #expect(!text.contains("1,106"))   // never grouped
        #expect(!text.contains("%"))
    }

    @Test func byteOrderMarkOnlyWhenAsked() {
        let with = CSVWriter(byteOrderMark: true).string(header: ["name"], rows: [[.string("郑州")]])
        #expect(Array(with.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let without = CSVWriter().string(header: ["name"], rows: [[.string("郑州")]])
        #expect(without.utf8.first == UInt8(ascii: "n"))
    }

    @Test func formulaLikeTextIsDefusedButNumbersAreNot() {
        let text = CSVWriter().string(header: ["v"], rows: [[.string("=HYPERLINK(\"x\")")], [.string("+1")], [.string("-2")], [.string("@SUM(A1)")],
                                                          [.number(JSONNumber(-2))], [.string("a=b")]])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == ["v", "\"'=HYPERLINK(\"\"x\"\")\"", "'+1", "'-2", "'@SUM(A1)", "-2", "a=b"])
    }

    @Test func objectsAreFlattenedWithTheirJSONKeys() {
        let pair: JSONObject = ["a": .object(["id": "zone", "name": "一区"]), "b": .object(["id": "belt"]), "area_m2": .number(JSONNumber(5))]
        let text = CSVWriter().string(objects: [pair])
        #expect(text == "a_id,a_name,b_id,area_m2\nzone,一区,belt,5\n")
        // An empty result keeps its header when the columns are known.
        #expect(CSVWriter().string(objects: [], columns: ["index", "area_m2"]) == "index,area_m2\n")
    }
}
