import Foundation
import KingletCompiler

let commands: [any Command.Type] = [
    CompileCommand.self, TrainCommand.self, RunCommand.self, VerifyCommand.self, InspectCommand.self, EmitCCommand.self, SizeCommand.self, BenchCommand.self, AnalyzeCommand.self,
]

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

let overview = """
kinglet: compile neural networks for microcontrollers and run them bit-exactly.

Usage: kinglet <command> [options]

Commands:
\(commands.map { "  " + $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.abstract }.joined(separator: "\n"))

Run 'kinglet <command> --help' for a command's options. Docs: docs/CLI.md.
"""

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, !["-h", "--help", "help"].contains(name) else {
    if arguments.count >= 2, let command = commands.first(where: { $0.name == arguments[1] }) {
        print(command.help)
    } else {
        print(overview)
    }
    exit(0)
}
guard let commandType = commands.first(where: { $0.name == name }) else {
    standardError("kinglet: unknown command '\(name)'\n\n\(overview)")
    exit(2)
}
arguments.removeFirst()
if arguments.contains("--help") || arguments.contains("-h") {
    print(commandType.help)
    exit(0)
}
var list = ArgumentList(arguments)
do {
    let command = try commandType.init(&list)
    exit(try command.run())
} catch let error as UsageError {
    standardError("kinglet \(name): \(error)\n\n\(commandType.help)")
    exit(2)
} catch {
    standardError("kinglet \(name): \(error)")
    exit(1)
}
