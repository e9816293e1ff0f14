import CLibEdit
import CLineEditShim
import Glibc

extension LineEditor {
    /// Called by the shim before each wait for a key (`character` < 0) and
    /// after each key arrives, before libedit acts on it.
    ///
    /// Every path here costs O(1) per key while keys keep coming: the hint is
    /// computed over the whole line only once input pauses, so a pasted
    /// megabyte streams in instead of re-walking the line before each byte.
    func aroundRead(_ character: Int32) {
        guard showsHints else { return }
        if character < 0 {
            // More bytes already waiting (a paste, a fast typist): draw later.
            if Terminal.hasPendingInput(0) { return }
            drawHint()
        } else if hintOnScreen > 0, character < 0x20 || character == 0x7F || !cursorAtEnd {
            // Enter, TAB, Ctrl-C, arrows…: libedit may move on to a new line
            // or list below, so the hint goes first. So does a key typed
            // mid-line: libedit redraws the rest of the line over cells it
            // thinks are blank, and would shift the hint into the text.
            placeHint("")
        }
    }

    /// True when the cursor is after the line's last character (pointer
    /// comparison: no copy of the line).
    private var cursorAtEnd: Bool {
        guard let info = el_line(editLine)?.pointee else { return true }
        return info.cursor == info.lastchar
    }

    private func drawHint() {
        // A line that cannot leave room on its first screen row gets no hint;
        // checked on the byte count first, so a huge line is not copied.
        let columns = Int(cle_terminal_columns(editLine))
        if let info = el_line(editLine)?.pointee, let buffer = info.buffer, info.lastchar - buffer >= columns * 4 {
            if hintOnScreen > 0 { placeHint("") }
            return
        }
        let (_, whole) = currentLine()
        // Incremental search shows its pattern on a second line of the buffer.
        guard !whole.contains("\n") else { return }
        placeHint(suppressHint ? "" : (hint?(whole) ?? ""))
    }

    /// Writes `text` after the line's end (or erases what was there), leaving
    /// the cursor where libedit put it. Only on the line's first screen row:
    /// a line that reaches the edge gets no hint.
    private func placeHint(_ text: String) {
        guard hintOnScreen > 0 || !text.isEmpty else { return }
        let (before, whole) = currentLine()
        let columns = Int(cle_terminal_columns(editLine))
        let promptWidth = Self.displayWidth(prompt)
        let end = promptWidth + Self.displayWidth(whole)
        let cursor = promptWidth + Self.displayWidth(before)
        guard end < columns - 1, cursor <= end else {
            hintOnScreen = 0
            return
        }
        var output = end > cursor ? "\u{1B}[\(end - cursor)C" : ""
        var shown = 0
        if !text.isEmpty {
            let separator = whole.last == " " ? "" : " "
            let room = columns - 1 - end - separator.count
            let fitted = Self.displayWidth(text) > room ? Self.truncate(text, to: room) : text
            if !fitted.isEmpty {
                // Always dim, also under NO_COLOR: dim is not a colour, and a
                // plain hint would look typed.
                output += separator + "\u{1B}[2m" + fitted + "\u{1B}[0m"
                shown = separator.count + Self.displayWidth(fitted)
            }
        }
        output += "\u{1B}[K"
        let back = end - cursor + shown
        if back > 0 { output += "\u{1B}[\(back)D" }
        Terminal.write(output)
        hintOnScreen = shown
    }

    /// The columns `text` takes on the terminal, as libedit draws it: control
    /// characters as `^X`, tabs to the next multiple of eight.
    static func displayWidth(_ text: String) -> Int {
        var column = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: column = (column | 7) + 1
            case 0..<0x20, 0x7F: column += 2
            case 0x20..<0x7F: column += 1
            default:
                let width = Int(cle_character_width(scalar.value))
                column += width < 0 ? 4 : width
            }
        }
        return column
    }

    /// `text` cut to `width` columns, ending in "..." when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 3 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let w = displayWidth(String(character))
            if used + w > width - 3 { break }
            result.append(character)
            used += w
        }
        return result + "..."
    }
}
