/// A position in the patient coordinate system of PS3.3 C.7.6.2.1.1, in millimetres:
/// x increases towards the patient's left, y towards the posterior, z towards the head.
public struct PatientPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public var description: String { "(\(x), \(y), \(z)) mm" }
}
