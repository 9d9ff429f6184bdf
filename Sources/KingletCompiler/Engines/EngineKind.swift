/// Which engine runs a model (`--engine c|swift`).
public enum EngineKind: String, Sendable, CaseIterable {
    case c
    case swift
}
