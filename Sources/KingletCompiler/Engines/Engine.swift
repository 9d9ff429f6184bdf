/// An executor of `.kgl` models: the Swift reference interpreter or the C runtime. Both
/// run operator by operator so their outputs can be compared after every operator.
public protocol Engine {
    var name: String { get }
    var operatorCount: Int { get }
    mutating func setInput(_ index: Int, bytes: [UInt8]) throws
    mutating func invokeOperator(_ index: Int)
    func output(_ index: Int) -> [UInt8]
    func operatorOutput(_ op: Int, _ index: Int) -> [UInt8]
}

extension Engine {
    public mutating func invoke() {
        for index in 0..<operatorCount { invokeOperator(index) }
    }
}
