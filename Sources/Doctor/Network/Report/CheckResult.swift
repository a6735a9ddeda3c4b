/// The verdict of one diagnostic check.
public enum CheckStatus: String, Sendable, Codable, Equatable {
    case ok
    case fail = "FAIL"
    /// Not checkable here (a source was not given, or an earlier failure makes it meaningless).
    case skip
}

/// One line of a doctor report: what was checked, what was found and, on failure, what to try.
///
///     CheckResult.fail("subnet", "Subnet \"net1\" does not exist", fix: "create Subnet \"net1\"")
public struct CheckResult: Sendable, Codable, Equatable {
    /// A short, stable name: `namespace`, `subnet`, `ip`, `port`, `binding`…
    public var check: String
    public var status: CheckStatus
    /// What was found, naming the objects concerned.
    public var detail: String
    /// What to try when the check failed (or why it was skipped and how to run it).
    public var fix: String?

    public init(check: String, status: CheckStatus, detail: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    public static func ok(_ check: String, _ detail: String) -> CheckResult {
        CheckResult(check: check, status: .ok, detail: detail)
    }

    public static func fail(_ check: String, _ detail: String, fix: String? = nil) -> CheckResult {
        CheckResult(check: check, status: .fail, detail: detail, fix: fix)
    }

    public static func skip(_ check: String, _ detail: String, fix: String? = nil) -> CheckResult {
        CheckResult(check: check, status: .skip, detail: detail, fix: fix)
    }

    /// `ok    subnet     Subnet "net1" is Ready`, with the fix on a second, indented line.
    public var line: String {
        let label = status.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
        let name = check.padding(toLength: max(12, check.count), withPad: " ", startingAt: 0)
        var text = "\(label) \(name) \(detail)"
        if let fix, status != .ok { text += "\n      \(String(repeating: " ", count: max(12, check.count))) → \(fix)" }
        return text
    }
}

extension Array where Element == CheckResult {
    /// True when no check failed (skips do not count as failures).
    public var allPassed: Bool { !contains { $0.status == .fail } }
}
