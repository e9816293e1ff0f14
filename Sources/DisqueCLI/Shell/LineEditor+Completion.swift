import CLibEdit
import CLineEditShim
import Glibc

extension LineEditor {
    /// TAB: completes the word before the cursor. One candidate replaces the
    /// word (and adds a blank); several extend it to their common prefix, or,
    /// when that adds nothing, are listed under the line.
    func completeAtCursor() -> UInt8 {
        guard let complete else { return UInt8(CC_NORM) }
        let (before, _) = currentLine()
        let completion = complete(before)
        let candidates = completion.candidates
        guard let first = candidates.first else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            replaceWord(length: completion.replacing, with: first + " ")
            return UInt8(CC_REFRESH)
        }
        let common = Self.commonPrefix(candidates)
        if common.unicodeScalars.count > completion.replacing {
            replaceWord(length: completion.replacing, with: common)
            return UInt8(CC_REFRESH)
        }
        list(candidates)
        return UInt8(CC_REDISPLAY)
    }

    private func replaceWord(length: Int, with text: String) {
        if length > 0 { el_deletestr(editLine, Int32(length)) }
        el_insertstr(editLine, text)
    }

    /// Prints the candidates in columns below the line; libedit then redraws
    /// the prompt and the line under them.
    private func list(_ candidates: [String]) {
        let columns = max(20, Int(cle_terminal_columns(editLine)))
        let width = (candidates.map { Self.displayWidth($0) }.max() ?? 0) + 2
        let perRow = max(1, columns / width)
        var text = "\n"
        for (index, candidate) in candidates.enumerated() {
            let isRowEnd = (index + 1) % perRow == 0 || index == candidates.count - 1
            text += isRowEnd ? candidate + "\n"
                : candidate + String(repeating: " ", count: width - Self.displayWidth(candidate))
        }
        Terminal.write(text)
    }

    /// The longest prefix all candidates share.
    static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for candidate in candidates.dropFirst() {
            let scalars = Array(candidate.unicodeScalars)
            var length = 0
            while length < min(prefix.count, scalars.count), prefix[length] == scalars[length] { length += 1 }
            prefix.removeSubrange(length...)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: prefix)
        return result
    }
}
