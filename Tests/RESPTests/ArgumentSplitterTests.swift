import Testing
@testable import RESP

/// The shell and stdin scripting split lines exactly like redis-cli's
/// `sdssplitargs`: these cases pin that behaviour down, byte for byte.
@Suite("ArgumentSplitter")
struct InputSplitterTests {
    private func words(_ line: String) -> [String]? {
        ArgumentSplitter.split(line).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test("blanks separate arguments; runs of blanks count once")
    func blanks() {
        #expect(words("ADDJOB q body 0") == ["ADDJOB", "q", "body", "0"])
        #expect(words("  qlen \t  q  ") == ["qlen", "q"])
        #expect(words("a\tb\nc\rd") == ["a", "b", "c", "d"])
        #expect(words("") == [])
        #expect(words("   \t ") == [])
    }

    @Test("double quotes keep blanks and understand the C escapes")
    func doubleQuotes() {
        #expect(words(#"addjob q "hello world" 0"#) == ["addjob", "q", "hello world", "0"])
        #expect(ArgumentSplitter.split(#""\n\r\t\b\a\"\\""#) == [[0x0A, 0x0D, 0x09, 0x08, 0x07, 0x22, 0x5C]])
        #expect(words(#""\q""#) == ["q"])  // unknown escape: the character itself
        #expect(words(#""""#) == [""])  // an empty argument
        #expect(words(#"a "" b"#) == ["a", "", "b"])
    }

    @Test("\\xHH produces raw bytes, any of the 256")
    func hexEscapes() {
        #expect(ArgumentSplitter.split(#""\x00\xff\x7F\xAb""#) == [[0x00, 0xFF, 0x7F, 0xAB]])
        // Not two hex digits: the x stands for itself.
        #expect(words(#""\xg1""#) == ["xg1"])
        #expect(words(#""\x4""#) == ["x4"])
    }

    @Test("single quotes are literal except for \\'")
    func singleQuotes() {
        #expect(words(#"'a b\n'"#) == [#"a b\n"#])
        #expect(words(#"'it\'s'"#) == ["it's"])
        #expect(words(#"'\x41'"#) == [#"\x41"#])
        #expect(words("''") == [""])
    }

    @Test("a quote may open inside a word")
    func quoteInsideWord() {
        #expect(words(#"ab"c d" e"#) == ["abc d", "e"])
        #expect(words(#"x'y z'"#) == ["xy z"])
    }

    @Test("unbalanced quotes or a closing quote glued to a word are invalid",
          arguments: [#""abc"#, #"'abc"#, #""abc"def"#, #"'abc'def"#, #"a "b\"#, #"qlen "q"x"#, #""\""#])
    func invalid(line: String) {
        #expect(ArgumentSplitter.split(line) == nil)
    }

    @Test("bytes that are not UTF-8 pass through unchanged")
    func binarySafe() {
        let line: [UInt8] = [0x61, 0x20, 0xC3, 0x28, 0xFF, 0x20, 0x22, 0x80, 0x22]
        #expect(ArgumentSplitter.split(line) == [[0x61], [0xC3, 0x28, 0xFF], [0x80]])
    }

    @Test("a NUL byte separates like a blank")
    func nulSeparates() {
        #expect(ArgumentSplitter.split([0x61, 0x00, 0x62]) == [[0x61], [0x62]])
    }

    @Test("text convenience decodes the arguments")
    func text() {
        #expect(ArgumentSplitter.splitText(#"show "D-1 2""#) == ["show", "D-1 2"])
        #expect(ArgumentSplitter.splitText(#"show "D-1"#) == nil)
    }
}
