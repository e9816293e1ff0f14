import CLibEdit
import CLineEditShim
import Glibc

/// What the user did at the prompt.
enum LineInput: Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C: the line being edited was abandoned.
    case cancelled
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
}

/// libedit, driven from Swift: the prompt, history, TAB completion, the
/// dimmed syntax hint and Ctrl-C. libedit calls back through C function
/// pointers, which find this object again through EL_CLIENTDATA.
///
/// Why the hint is drawn by hand: libedit owns the screen and offers only its
/// right prompt for extra text, which it lays out at the right edge, refreshes
/// lazily (a key typed at the end of the line takes a fast path that skips it)
/// and cannot colour reliably (its diffing redraw compares escape sequences by
/// slot, not content, and can leave the terminal dimmed). Instead keys are read
/// through the shim, which calls back before each wait: by then libedit has
/// finished drawing, so the hint is written after the line's end, dimmed and
/// followed by clear-to-end-of-line, and the cursor moved back. Before a control
/// key is handled (Enter, TAB, Ctrl-C…) the hint is erased, so it never stays
/// in the scrollback. libedit does not know the hint is there; it only ever
/// occupies cells libedit considers blank.
final class LineEditor {
    /// Computes completions for the text before the cursor.
    struct Completion: Equatable {
        /// How many characters before the cursor the candidates replace.
        var replacing: Int
        /// Full replacements for those characters, in display order.
        var candidates: [String]
    }

    /// The prompt text (plain; no escapes).
    var prompt: String {
        didSet { promptText.set(prompt) }
    }
    /// The hint for a whole line: the syntax still to type ("" for none).
    var hint: ((String) -> String)?
    /// Completion candidates for the text before the cursor.
    var complete: ((String) -> Completion)?
    /// Whether hints are drawn at all (not on a terminal without cursor movement,
    /// nor after `:set nohints`).
    var showsHints: Bool
    /// Columns of hint currently on screen after the line's end.
    var hintOnScreen = 0

    let editLine: OpaquePointer
    private let history: OpaquePointer
    private let promptText = CStringStorage()
    private var cancelRequested = false
    /// Set once Ctrl-C has abandoned the line, so no hint is drawn after it.
    var suppressHint = false

    /// Sets libedit up on the process's terminal (stdin/stdout/stderr).
    /// Nil when libedit cannot start (no terminal).
    init?(programName: String, prompt: String, showsHints: Bool = true,
          historySize: Int = 1000) {
        guard let editLine = cle_init(programName) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.prompt = prompt
        self.showsHints = showsHints
        promptText.set(prompt)

        cle_history_set_size(history, Int32(historySize))
        cle_history_set_unique(history, 1)
        cle_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        cle_set_editor(editLine, "emacs")
        // Resize, suspend and resume keep the terminal sane while editing.
        cle_set_signal(editLine, 1)
        cle_set_history(editLine, history)
        cle_set_prompt(editLine, lineEditorPrompt)
        cle_set_read_hook(editLine, lineEditorReadHook)
        cle_bind_redraw_key(editLine)
        // Ctrl-C must reach the editor as a key, not as SIGINT, while editing;
        // outside el_gets the terminal is back in its own mode and Ctrl-C
        // signals, which interrupts a blocked command.
        cle_disable_isig_while_editing(editLine)
        cle_add_function(editLine, "disque-complete", "Complete from the command table", lineEditorComplete)
        cle_add_function(editLine, "disque-cancel", "Abandon the line", lineEditorCancel)
        cle_bind(editLine, "^I", "disque-complete")
        cle_bind(editLine, "^C", "disque-cancel")
        cle_bind(editLine, "^R", "em-inc-search-prev")
        // Home and End as the usual terminals send them, also when TERM names
        // another terminal than the one in use (terminfo's keys alone then miss).
        for home in ["\\e[1~", "\\e[7~", "\\e[H", "\\eOH"] { cle_bind(editLine, home, "ed-move-to-beg") }
        for end in ["\\e[4~", "\\e[8~", "\\e[F", "\\eOF"] { cle_bind(editLine, end, "ed-move-to-end") }
        // The user's ~/.editrc (or $EDITRC) may rebind keys, as in other libedit programs.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
    }

    /// Reads one line with editing.
    func readLine() -> LineInput {
        while true {
            cancelRequested = false
            suppressHint = false
            hintOnScreen = 0
            var count: Int32 = 0
            let raw = el_gets(editLine, &count)
            if cancelRequested { return .cancelled }
            guard let raw, count > 0 else {
                if count < 0, errno == EINTR { continue }
                return .endOfInput
            }
            var line = String(cString: raw)
            while let last = line.last, last == "\n" || last == "\r" { line.removeLast() }
            return .line(line)
        }
    }

    /// Adds a line to the in-memory history (up arrow, Ctrl-R).
    func addToHistory(_ line: String) {
        cle_history_enter(history, line)
    }

    // MARK: - Called from the C callbacks

    static func from(_ editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = cle_get_client_data(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    fileprivate func promptPointer() -> UnsafeMutablePointer<CChar>? { promptText.pointer }

    /// The current line: the text before the cursor and the whole line.
    func currentLine() -> (beforeCursor: String, whole: String) {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer else { return ("", "") }
        let before = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                         count: max(0, info.cursor - buffer))
        let whole = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, info.lastchar - buffer))
        return (String(decoding: before, as: UTF8.self), String(decoding: whole, as: UTF8.self))
    }

    fileprivate func cancel() -> UInt8 {
        cancelRequested = true
        suppressHint = true
        // Show where the line was abandoned, as shells do, then end it with the
        // editor's own newline so the screen is left tidy.
        let (_, whole) = currentLine()
        el_cursor(editLine, Int32(clamping: whole.utf8.count))
        el_insertstr(editLine, "^C")
        el_push(editLine, "\n")
        return UInt8(CC_REFRESH)
    }
}

/// A C string whose storage outlives the callback that hands it to libedit.
final class CStringStorage {
    private(set) var pointer: UnsafeMutablePointer<CChar>?

    func set(_ text: String) {
        free(pointer)
        pointer = strdup(text)
    }

    deinit { free(pointer) }
}

// The C callbacks: plain functions without captures, as libedit requires.

private func lineEditorPrompt(_ editLine: OpaquePointer) -> UnsafeMutablePointer<CChar>? {
    LineEditor.from(editLine)?.promptPointer()
}

private func lineEditorReadHook(_ editLine: OpaquePointer, _ character: Int32) {
    LineEditor.from(editLine)?.aroundRead(character)
}

private func lineEditorComplete(_ editLine: OpaquePointer, _ key: Int32) -> UInt8 {
    LineEditor.from(editLine)?.completeAtCursor() ?? UInt8(CC_ERROR)
}

private func lineEditorCancel(_ editLine: OpaquePointer, _ key: Int32) -> UInt8 {
    LineEditor.from(editLine)?.cancel() ?? UInt8(CC_ERROR)
}
