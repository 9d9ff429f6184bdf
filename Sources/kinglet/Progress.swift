import Foundation

/// A one-line progress counter on stderr for long runs, shown only on a terminal and only
/// once the work has taken a second.
final class Progress {
    private let label: String
    private let start = Progress.now()
    private var shown = false
    private let enabled = isatty(2) != 0

    init(label: String) { self.label = label }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, Progress.now() - start >= 1 else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total)".utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// A one-off step message ("calibrating on 200 samples") on a terminal's stderr.
    static func note(_ message: String) {
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data("\(message)…\n".utf8))
    }
}
