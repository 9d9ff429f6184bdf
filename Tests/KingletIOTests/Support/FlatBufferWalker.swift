@testable import KingletIO

/// Reads every field of every table it can reach under every interpretation, the way a
/// confused or hostile caller might; used to show hostile bytes only ever throw.
enum FlatBufferWalker {
    static func walkAll(_ bytes: [UInt8], limits: FlatBufferLimits = .default) throws {
        let reader = FlatBufferReader(bytes: bytes, limits: limits)
        try walk(try reader.rootTable(), budget: 3)
    }

    static func walk(_ table: FlatBufferTable, budget: Int) throws {
        for id in 0..<(table.fieldSlotCount + 1) {
            _ = try? table.scalar(id, default: UInt8(0))
            _ = try? table.scalar(id, default: Int64(0))
            _ = try? table.float64(id, default: 0)
            _ = try? table.string(id)
            _ = try? table.scalarVector(id, as: Int32.self)
            _ = try? table.byteVector(id)
            _ = try? table.stringVector(id)
            _ = try? table.union(typeFieldID: id)
            guard budget > 0 else { continue }
            if let sub = try? table.table(id) {
                try? walk(sub, budget: budget - 1)
            }
            if let vector = try? table.tableVector(id) {
                for index in 0..<min(vector.count, 64) {
                    if let sub = try? vector.table(at: index) {
                        try? walk(sub, budget: budget - 1)
                    }
                }
            }
        }
    }

    /// Reads the sample's known fields strictly, throwing on the first problem.
    static func readSample(_ bytes: [UInt8]) throws {
        let root = try FlatBufferReader(bytes: bytes).rootTable()
        _ = try root.scalar(0, default: UInt8(0))
        _ = try root.scalar(1, default: Int32(0))
        _ = try root.string(3)
        _ = try root.scalarVector(4, as: Int32.self)
        _ = try root.table(5)?.float32(0, default: 0)
        _ = try root.union(typeFieldID: 6)?.table.float32(0, default: 0)
        if let tables = try root.tableVector(8) {
            for index in 0..<tables.count {
                _ = try tables.table(at: index).float32(0, default: 0)
            }
        }
        _ = try root.stringVector(9)
        _ = try root.bool(11, default: false)
    }
}
