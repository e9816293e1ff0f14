/// What may be typed next in a command line: drives TAB completion.
public struct ArgumentExpectation: Sendable, Hashable {
    /// Option or flag keywords allowed here, in grammar order (upper case).
    /// Options already given are left out unless they may repeat; a required
    /// keyword such as GETJOB's FROM is included where it may come.
    public var keywords: [String]
    /// The kinds a value typed here may take (empty when only keywords fit).
    /// A `.choice` lists its words; `.queue` asks for queue names, `.jobID`
    /// for job IDs.
    public var values: [ValueKind]
    /// The placeholder name of that value, e.g. "queue" or "state".
    public var valueName: String?
    /// True when the words typed so far already form a complete command.
    public var isComplete: Bool

    public init(keywords: [String] = [], values: [ValueKind] = [], valueName: String? = nil,
                isComplete: Bool = false) {
        self.keywords = keywords
        self.values = values
        self.valueName = valueName
        self.isComplete = isComplete
    }

    /// Every fixed word that fits here: the keywords, then any choice values.
    public var words: [String] {
        keywords + values.flatMap(\.choices)
    }

    /// Nothing fits here: the line is complete with nothing optional left, or
    /// the words typed so far do not fit the grammar.
    public var isEmpty: Bool { keywords.isEmpty && values.isEmpty }
}
